package io.sealer.core.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.SectorRef;
import io.sealer.core.task.TaskType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The queue rule (docs/scheduling.md, "The order of the queue"). */
class RequestQueueTest {

    private static TaskRequest req(TaskType type, int priority, long sector) {
        return TaskRequest.of(new SectorRef(new SectorId(1000, sector), SealProof.STACKED_DRG_32GIB_V1_1), type, priority);
    }

    @Test
    void lotusQueueTest() { // request_queue_test.go
        RequestQueue<String> q = new RequestQueue<>();
        for (TaskType t : List.of(TaskType.AP, TaskType.PC1, TaskType.PC2, TaskType.PC1, TaskType.AP)) {
            q.push(req(t, 0, 0), "", 0);
        }
        assertEquals(TaskType.PC2, q.removeAt(0).request().type());
        assertEquals(TaskType.PC1, q.removeAt(0).request().type());
        assertEquals(TaskType.AP, q.removeAt(1).request().type());
        assertEquals(TaskType.PC1, q.removeAt(0).request().type());
        assertEquals(1, q.size());
    }

    @ParameterizedTest(name = "{0}/{1}/{2} before {3}/{4}/{5}")
    @CsvSource({
        // first: type, priority, sector; second: type, priority, sector
        "GET, 0, 9,    AP, 1024, 1",   // negative tier beats priority
        "FIN, 0, 9,    C1, 0, 1",      // negative tier beats weight
        "WNP, 0, 9,    GET, 0, 1",     // within the negative tier, lower weight first
        "AP, 1024, 9,  C1, 0, 1",      // deals (1024) before CC
        "C1, 0, 9,     C2, 0, 1",      // closer to done first
        "C2, 0, 9,     PC2, 0, 1",
        "PC2, 0, 9,    PC1, 0, 1",
        "PC1, 0, 9,    AP, 0, 1",
        "FRU, 0, 9,    UNS, 0, 1",     // FRU weighs 0
        "PC1, 0, 1,    PC1, 0, 2",     // sector number tie break
        "PC1, 5, 2,    PC1, 0, 1",     // priority before sector number
    })
    void orderTable(TaskType t1, int p1, long s1, TaskType t2, int p2, long s2) {
        TaskRequest a = req(t1, p1, s1);
        TaskRequest b = req(t2, p2, s2);
        assertEquals(-1, Integer.signum(RequestOrder.INSTANCE.compare(a, b)));
        assertEquals(1, Integer.signum(RequestOrder.INSTANCE.compare(b, a)));
    }

    @Test
    void equalRequestsKeepArrivalOrderAndRequeueKeepsPlace() {
        RequestQueue<String> q = new RequestQueue<>();
        List<TaskRequest> rs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            TaskRequest r = req(TaskType.PC1, 0, 7);
            rs.add(r);
            q.push(r, "", 0);
        }
        QueuedTask<String> second = q.remove(rs.get(1).schedId());
        q.requeue(second);
        List<TaskRequest> order = q.toList().stream().map(QueuedTask::request).toList();
        assertEquals(rs, order);
        assertEquals(false, q.push(rs.get(0), "", 0), "a schedId is queued once");
    }
}

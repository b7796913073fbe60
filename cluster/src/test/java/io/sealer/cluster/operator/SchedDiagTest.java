package io.sealer.cluster.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cluster.api.ApiJson;
import io.sealer.core.sched.WaitExplanation;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SchedDiagTest {
    private static final String WORKER = "22222222-0000-0000-0000-000000000000";
    private static final UUID SCHED = UUID.fromString("5c0d0000-0000-0000-0000-00000000abcd");

    @Test
    void emptyListsAreNullAndKeysAlphabetical() {
        assertEquals("""
                {
                  "CallToWork": {},
                  "EarlyRet": null,
                  "ReturnedWork": null,
                  "SchedInfo": {
                    "OpenWindows": null,
                    "Requests": null
                  },
                  "Waiting": null
                }""", new SchedDiag(Map.of(), List.of(), null, new SchedDiag.SchedInfo(List.of(), List.of()), List.of())
                .toPrettyJson());
    }

    @Test
    void aFullDiagnosisInTheSeedsShape() throws Exception {
        SchedDiag diag = new SchedDiag(
                Map.of("1000-5-aaaa1111-0000-0000-0000-000000000000", "seal/v0/precommit/1({\"Sector\":5})"),
                List.of(), List.of("1000-4-bbbb2222-0000-0000-0000-000000000000"),
                new SchedDiag.SchedInfo(List.of(WORKER, WORKER),
                        List.of(new SchedDiag.Request(0, SCHED, new SchedDiag.Sector(1000, 5), "seal/v0/fetch"))),
                List.of("1000-6-cccc3333-0000-0000-0000-000000000000"));
        String json = diag.toPrettyJson();
        assertEquals("""
                {
                  "CallToWork": {
                    "1000-5-aaaa1111-0000-0000-0000-000000000000": "seal/v0/precommit/1({\\"Sector\\":5})"
                  },
                  "EarlyRet": null,
                  "ReturnedWork": [
                    "1000-4-bbbb2222-0000-0000-0000-000000000000"
                  ],
                  "SchedInfo": {
                    "OpenWindows": [
                      "%1$s",
                      "%1$s"
                    ],
                    "Requests": [
                      {
                        "Priority": 0,
                        "SchedId": "%2$s",
                        "Sector": {
                          "Miner": 1000,
                          "Number": 5
                        },
                        "TaskType": "seal/v0/fetch"
                      }
                    ]
                  },
                  "Waiting": [
                    "1000-6-cccc3333-0000-0000-0000-000000000000"
                  ]
                }""".formatted(WORKER, SCHED), json);
        assertEquals(diag, ApiJson.read(json, SchedDiag.class), "what the API returns reads back strictly");
    }

    @Test
    void explanationsComeLastAndOnlyWhenThereAreSome() throws Exception {
        WaitExplanation why = new WaitExplanation(1000, 5, List.of(new WaitExplanation.WaitingTask(
                io.sealer.core.task.TaskType.GET, SCHED, 100, 1, 1, List.of())));
        SchedDiag diag = new SchedDiag(Map.of(), null, null, null, null, List.of(why));
        String json = diag.toPrettyJson();
        assertTrue(json.contains("""
                  "Waiting": null,
                  "Why": [
                    {
                      "Miner": 1000,
                      "Sector": 5,
                """), json);
        assertEquals(diag, ApiJson.read(json, SchedDiag.class));
        assertFalse(new SchedDiag(Map.of(), null, null, null, null, List.of()).toPrettyJson().contains("Why"));
    }
}

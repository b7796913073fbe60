package io.sealer.cli.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cli.CliRun;
import io.sealer.cluster.repo.NodeKind;
import io.sealer.cluster.repo.NodeRepo;
import io.sealer.cluster.storage.LocalStorage;
import io.sealer.cluster.storage.index.NodeStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `sealer storage attach` and `sealer worker storage attach` on a repository whose node is not running: every refusal is one line. */
class StorageAttachCommandTest {
    @TempDir
    Path tmp;

    private record Bad(String why, int code, String line, String... args) {}

    @Test
    void attachesToAStoppedWorkersRepository() throws Exception {
        Path repo = tmp.resolve("worker");
        NodeRepo.openOrInit(repo, NodeKind.WORKER);
        Path dir = Files.createDirectories(tmp.resolve("fast"));
        CliRun run = CliRun.of("worker", "storage", "attach", "--repo", repo.toString(), "--init", "--seal", "--weight",
                "20", "--max-storage", "1GiB", "--groups", "a,b", "--allow-to", "b", dir.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().startsWith("Attached " + dir.toRealPath() + " (ID "), run.out());
        LocalStorage.LocalPath p = LocalStorage.open(repo.resolve(NodeStorage.CONFIG_FILE)).paths().get(0);
        assertEquals(20, p.meta().weight());
        assertEquals(1L << 30, p.meta().maxStorage());
        assertEquals(List.of("a", "b"), p.meta().groups());
        assertEquals(List.of("b"), p.meta().allowTo());
        assertTrue(p.meta().canSeal() && !p.meta().canStore());
        assertTrue(Files.isDirectory(dir.resolve("cache").resolve("fetching")));
    }

    @Test
    void everyBadAttachIsOneClearLine() throws Exception {
        Path repo = tmp.resolve("miner");
        NodeRepo.openOrInit(repo, NodeKind.MINER);
        Path worker = tmp.resolve("worker");
        NodeRepo.openOrInit(worker, NodeKind.WORKER);
        Path attached = Files.createDirectories(tmp.resolve("attached"));
        assertEquals(0, CliRun.of("storage", "attach", "--repo", repo.toString(), "--init", "--store",
                attached.toString()).code());
        Path file = Files.writeString(tmp.resolve("file"), "x");
        Path full = Files.createDirectories(tmp.resolve("full"));
        Files.writeString(full.resolve("data"), "x");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path inside = Files.createDirectories(attached.resolve("inner"));
        String r = repo.toString();
        List<Bad> table = new ArrayList<>(List.of(
                new Bad("missing", 1, "sealer: storage path " + tmp.resolve("nope") + " does not exist",
                        "--init", "--seal", tmp.resolve("nope").toString()),
                new Bad("a file", 1, "sealer: storage path " + file + " is not a directory", "--init", "--seal",
                        file.toString()),
                new Bad("attached twice", 1, "sealer: storage path " + attached + " is already attached", attached.toString()),
                new Bad("inside another path", 1, "sealer: storage path " + inside + " is inside the attached path "
                        + attached.toRealPath(), "--init", "--seal", inside.toString()),
                new Bad("non-empty with --init", 1, "sealer: cannot --init " + full + ": the directory is not empty",
                        "--init", "--seal", full.toString()),
                new Bad("no sectorstore.json without --init", 1, "sealer: storage path " + empty + " has no "
                        + "sectorstore.json; use --init to initialize an empty directory", empty.toString()),
                new Bad("negative weight", 1, "sealer: --weight must not be negative, got -1", "--init", "--seal",
                        "--weight", "-1", empty.toString()),
                new Bad("weight not a number", 1, "sealer: --weight must be a whole number, got 'ten'", "--init", "--seal",
                        "--weight", "ten", empty.toString()),
                new Bad("negative size", 1, "sealer: --max-storage must not be negative, got -5GiB", "--init", "--seal",
                        "--max-storage", "-5GiB", empty.toString()),
                new Bad("--init for nothing", 2, "sealer: --init needs --seal, --store or both: the path would hold nothing",
                        "--init", empty.toString())));
        if (!"root".equals(System.getProperty("user.name"))) {
            Path locked = Files.createDirectories(tmp.resolve("locked"));
            locked.toFile().setWritable(false);
            table.add(new Bad("unwritable", 1, "sealer: storage path " + locked + " is not writable", "--init", "--seal",
                    locked.toString()));
        }
        for (Bad b : table) {
            List<String> args = new ArrayList<>(List.of("storage", "attach", "--repo", r));
            args.addAll(List.of(b.args()));
            CliRun.of(args.toArray(new String[0])).assertOneLineError(b.code(), b.line());
        }
        CliRun unparseable = CliRun.of("storage", "attach", "--repo", r, "--init", "--seal", "--max-storage", "lots",
                empty.toString());
        assertEquals(1, unparseable.code(), unparseable.err());
        assertTrue(unparseable.err().startsWith("sealer: --max-storage: ") && unparseable.err().contains("lots"),
                unparseable.err());
        CliRun.of("storage", "attach", "--repo", worker.toString(), "--init", "--seal", empty.toString())
                .assertOneLineError(1, "sealer: repository " + worker + " belongs to a worker node, not a miner node");
        assertEquals(1, LocalStorage.open(repo.resolve(NodeStorage.CONFIG_FILE)).paths().size(), "nothing else attached");
    }
}

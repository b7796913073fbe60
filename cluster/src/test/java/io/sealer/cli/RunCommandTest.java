package io.sealer.cli;

import io.sealer.cluster.node.RepoLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** `sealer run` refuses bad flags and an unusable repository with one line, before anything is pledged. */
class RunCommandTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "--sectors=0|--sectors: must be between 1 and 10000, got 0",
        "--sectors=x|--sectors: 'x' is not an int",
        "--deals=3|--deals: must be between 0 and --sectors, got 3",
        "--size=1GiB|--size: unsupported sector size '1GiB' (expected one of 2KiB, 8MiB, 512MiB, 32GiB, 64GiB)",
        "--proof-version=9|--proof-version: unsupported proof version '9' (expected 1.0 or 1.1)",
        "--proof-version=1.2-ni|--proof-version: unsupported proof version '1.2-ni' (expected 1.0 or 1.1)",
        "--wait-seed=-5s|--wait-seed: '-5s' is negative; expected a duration such as 30s, 5m, 2m30s or 2h",
        "--wait-seed=soon|--wait-seed: 'soon' is not a duration; expected a duration such as 30s, 5m, 2m30s or 2h",
        "--timeout=0s|--timeout: must be more than 0s",
        "--timeout=-|--timeout: '-' is negative; expected a duration such as 30s, 5m, 2m30s or 2h",
        "--repo=|--repo: must name a directory, got ''",
        "--colour|unknown option '--colour'; see 'sealer run --help'",
    })
    void badFlagsAreOneLineAndExit2(String flag, String message) {
        CliRun.of("run", flag).assertOneLineError(SealerCli.USAGE, "sealer: " + message);
    }

    @Test
    void aRepoThatIsAFileIsNotAWritableDirectory() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        CliRun.of("run", "--single-node", "--repo", file.toString())
                .assertOneLineError(SealerCli.FAILED, "sealer: not a writable directory: " + file);
        Path below = file.resolve("repo");
        CliRun.of("run", "--single-node", "--repo", below.toString())
                .assertOneLineError(SealerCli.FAILED, "sealer: not a writable directory: " + below);
    }

    @Test
    void aRepoInUseIsRefusedAtOnce() {
        Path repo = dir.resolve("repo");
        RepoLock held = RepoLock.acquire(repo);
        try {
            CliRun.of("run", "--single-node", "--repo", repo.toString()).assertOneLineError(SealerCli.FAILED,
                    "sealer: repository " + repo + " is in use by process " + ProcessHandle.current().pid());
        } finally {
            held.close();
        }
    }
}

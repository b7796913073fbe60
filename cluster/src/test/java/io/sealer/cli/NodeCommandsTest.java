package io.sealer.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad flags of `miner run`, `worker run` and `node run` are one line naming the flag, exit 2, before anything starts. */
class NodeCommandsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "miner run --cluster-port 70000|--cluster-port: must be between 0 and 65535, got 70000",
        "miner run --api-listen 2345|--api-listen: expected HOST:PORT such as 0.0.0.0:3456 (port 0 = any free port), got '2345'",
        "miner run --sector-size 1GiB|--sector-size: unsupported sector size '1GiB' (expected one of 2KiB, 8MiB, 512MiB, 32GiB, 64GiB)",
        "worker run --listen host:port|--listen: expected HOST:PORT such as 0.0.0.0:3456 (port 0 = any free port), got 'host:port'",
        "worker run --cluster-port -1|--cluster-port: must be between 0 and 65535, got -1",
        "worker run --parallel-fetch-limit 0|--parallel-fetch-limit: must be at least 1, got 0",
        "worker run --addpiece=maybe|--addpiece: 'maybe' is not a boolean",
        "node run --roles miner,storage|--roles: expected miner, worker or miner,worker, got 'storage'",
        "node run --roles miner --listen 127.0.0.1:3456|--listen: a node with role miner listens on --api-listen",
    })
    void badFlagsAreOneLineAndExit2(String args, String message) {
        CliRun.of(args.split(" ")).assertOneLineError(SealerCli.USAGE, "sealer: " + message);
    }
}

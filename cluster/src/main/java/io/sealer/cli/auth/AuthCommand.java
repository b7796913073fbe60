package io.sealer.cli.auth;

import io.sealer.cluster.api.auth.ApiAddress;
import io.sealer.cluster.api.auth.ApiInfo;
import io.sealer.cluster.api.auth.ApiSecret;
import io.sealer.cluster.api.auth.ApiTokens;
import io.sealer.cluster.api.auth.Permission;
import io.sealer.cluster.repo.NodeKind;
import io.sealer.cluster.repo.NodeRepo;
import io.sealer.cluster.repo.RepoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `sealer auth ...`: API tokens signed with the miner repository's secret, as
 * {@code lotus-miner auth} prints them.
 */
@Command(name = "auth", mixinStandardHelpOptions = true, description = "Create API tokens for the miner.",
        subcommands = {AuthCommand.ApiInfoCommand.class, AuthCommand.CreateTokenCommand.class})
public final class AuthCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options both sub-commands take. */
    static final class TokenOptions {
        @Option(names = "--perm", required = true, converter = PermissionConverter.class,
                description = "Permission of the token: read, write, sign or admin.")
        Permission permission;

        @Option(names = "--name", defaultValue = "", description = "Who the token is for (shown in the miner's logs).")
        String name;

        @Option(names = "--repo", description = "Miner repository (default: $SEALER_MINER_PATH or ~/.sealer-miner).")
        Path repo;

        NodeRepo openRepo() throws RepoException {
            Path dir = repo != null ? repo : NodeKind.MINER.defaultDir(System.getenv(), NodeKind.home(System.getenv()));
            return NodeRepo.open(dir, NodeKind.MINER);
        }

        String token(NodeRepo r) throws IOException {
            return new ApiTokens(ApiSecret.load(r.apiSecretFile())).create(permission, name);
        }
    }

    /** A command that signs a token with the repository's secret and prints one line built from it. */
    abstract static class TokenCommand implements Callable<Integer> {
        @CommandLine.Mixin
        TokenOptions options;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            NodeRepo r = options.openRepo();
            spec.commandLine().getOut().println(line(r, options.token(r)));
            return 0;
        }

        abstract String line(NodeRepo repo, String token) throws Exception;
    }

    /** `sealer auth api-info --perm P`: the MINER_API_INFO line a worker or another machine's CLI uses. */
    @Command(name = "api-info", mixinStandardHelpOptions = true,
            description = "Print MINER_API_INFO=<token>:<multiaddr> for the miner.")
    static final class ApiInfoCommand extends TokenCommand {
        @Override
        String line(NodeRepo r, String token) throws Exception {
            ApiAddress address = Files.isRegularFile(r.apiFile())
                    ? ApiAddress.parse(Files.readString(r.apiFile()).trim())
                    : listenAddress(r);
            return new ApiInfo(token, address).envLine(ApiInfo.MINER_VARIABLE);
        }

        /** The configured API.ListenAddress, for a miner that is not running now. */
        private static ApiAddress listenAddress(NodeRepo r) throws RepoException {
            String listen = r.config().getString("API.ListenAddress");
            int colon = listen.lastIndexOf(':');
            try {
                return new ApiAddress(listen.substring(0, colon).replace("[", "").replace("]", ""),
                        Integer.parseInt(listen.substring(colon + 1)));
            } catch (RuntimeException e) {
                throw new RepoException(r.configFile() + ": API.ListenAddress must be HOST:PORT, got '" + listen + "'");
            }
        }
    }

    /** `sealer auth create-token --perm P`: the token alone. */
    @Command(name = "create-token", mixinStandardHelpOptions = true, description = "Print a new API token.")
    static final class CreateTokenCommand extends TokenCommand {
        @Override
        String line(NodeRepo repo, String token) {
            return token;
        }
    }

    /** --perm values, with the choices in the error. */
    static final class PermissionConverter implements CommandLine.ITypeConverter<Permission> {
        @Override
        public Permission convert(String value) {
            try {
                return Permission.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}

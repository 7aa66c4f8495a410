package lfm.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import lfm.backend.Backend;
import lfm.policy.Policies;
import lfm.policy.PolicyServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lfm policy serve}: a long-lived policy process speaking the line protocol on stdin/stdout. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        description = "Serve a trained policy: observation histories in on stdin, action chunks out on stdout, "
                + "one line each (protocol: docs/policy.md).")
final class PolicyServeCommand implements Callable<Integer> {

    @Mixin
    BackendOptions backendOptions;

    @Option(names = "--run", required = true, description = "the policy folder (lfm policy train --out)")
    Path run;

    @Mixin
    PolicySamplingOptions sampling;

    @Override
    public Integer call() throws Exception {
        try (Backend backend = backendOptions.open();
                Policies.LoadedPolicy loaded = Policies.load(run, backend, sampling.options())) {
            String method = loaded.config().method() + (sampling.options().distilled() ? "-distilled" : "");
            PolicyServer server = new PolicyServer(loaded.policy(), method);
            server.serve(
                    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                    new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)));
            System.err.println("served: " + server.stats());
        }
        return 0;
    }
}

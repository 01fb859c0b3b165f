package dev.steward.cli;

import dev.steward.Steward;
import dev.steward.config.Settings;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code steward serve}: runs the HTTP server until the process is stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Start the Steward server (on 127.0.0.1:8080 unless --host or --port say otherwise).",
                "Settings come from flags, else STEWARD_DATA, STEWARD_PORT, STEWARD_HOST, STEWARD_POLICY, STEWARD_DB, "
                        + "STEWARD_MAX_BODY_BYTES, else the configuration file (--config, or ./steward.yaml), else "
                        + "the defaults. The first start writes an admin API key to DIR/admin.key (mode 0600)."},
        footer = {"", "Examples:", "  steward serve", "  steward serve --data /var/lib/steward --port 9090",
                "  steward serve --host 0.0.0.0 --port 8443 --tls-cert cert.pem --tls-key key.pem",
                "  curl http://127.0.0.1:8080/health"})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "N", description = "Port to listen on (default: 8080; 0 picks a free one).")
    Integer port;

    @Option(names = "--host", paramLabel = "ADDR", description = "Address to listen on (default: 127.0.0.1).")
    String host;

    @Option(names = "--policy", paramLabel = "FILE", description = "Policy file (default: policies/reference.yaml).")
    String policy;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "Serve HTTPS only, with this certificate chain "
            + "(PEM, the server's certificate first); needs --tls-key.")
    String tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "The certificate's private key (PEM, unencrypted "
            + "PKCS#8: BEGIN PRIVATE KEY; convert others with 'openssl pkcs8 -topk8 -nocrypt').")
    String tlsKey;

    @Mixin
    DataOptions dataOptions;

    @Mixin
    Output output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> flags = new HashMap<>();
        if (port != null && (port < 0 || port > 65_535)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--port must be 0 to 65535");
        }
        flags.put("port", port == null ? null : port.toString());
        flags.put("host", host);
        flags.put("policy", policy);
        flags.put("tls_cert", tlsCert);
        flags.put("tls_key", tlsKey);
        Settings settings = dataOptions.settings(flags);
        Steward steward = Steward.start(settings, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            steward.close();
            stopped.countDown();
        }, "steward-shutdown"));
        announce(settings, steward);
        stopped.await();
        return 0;
    }

    private void announce(Settings settings, Steward steward) {
        String url = (settings.tls() ? "https://" : "http://") + settings.host() + ":" + steward.port();
        if (output.json()) {
            Map<String, Object> started = new LinkedHashMap<>();
            started.put("message", "Steward listening on " + url);
            started.put("url", url);
            started.put("policy_version", steward.policy().meta().version());
            started.put("admin_key_file", steward.adminKeyFile().toString());
            started.put("admin_key_created", steward.adminKeyCreated());
            Output.printJson(spec.commandLine().getOut(), started);
            return;
        }
        var out = spec.commandLine().getOut();
        if (steward.adminKeyCreated()) {
            out.println("First start: the admin API key is in " + steward.adminKeyFile() + " (mode 0600)");
        }
        out.println("Steward listening on " + url);
        out.flush();
    }
}

package dev.steward.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code steward serve} in its own process, as an operator runs it: started on a data directory, reached
 * over real HTTP with the admin key, every line it prints kept, stopped or killed.
 */
public record ServeProcess(Process process, String url, String key, List<String> lines) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Pattern LISTENING = Pattern.compile("listening on (http://[0-9.]+:[0-9]+)");

    /**
     * Starts serve on {@code data} under the reference policy, on a free port, and waits for its listening
     * line (text, or the JSON one with {@code --json}). {@code jvm} are options for the JVM, {@code
     * environment} variables to set (null removes one), {@code serve} more arguments.
     */
    public static ServeProcess start(Path data, List<String> jvm, Map<String, String> environment, String... serve)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path")));
        command.addAll(jvm);
        command.addAll(List.of("dev.steward.cli.Main", "serve", "--data", data.toString(), "--port", "0", "--policy",
                Path.of("policies/reference.yaml").toAbsolutePath().toString()));
        command.addAll(List.of(serve));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        environment.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Process process = builder.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                    Matcher found = LISTENING.matcher(line);
                    if (found.find() && (line.startsWith("Steward listening") || line.startsWith("{\"message\""))) {
                        url.complete(found.group(1));
                    }
                }
                url.completeExceptionally(new IllegalStateException("serve exited before listening"));
            } catch (java.io.IOException e) {
                url.completeExceptionally(e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        String address = url.get(90, TimeUnit.SECONDS);
        return new ServeProcess(process, address, Files.readString(data.resolve("admin.key")).strip(), lines);
    }

    public HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", "Bearer " + key).timeout(java.time.Duration.ofSeconds(20));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    public JsonNode json(String method, String path, String body, int status) throws Exception {
        HttpResponse<String> response = send(method, path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    /** Stops serve as an operator does (SIGTERM) and returns everything it printed. */
    public List<String> stop() throws Exception {
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
        return lines;
    }

    /** SIGKILL: no shutdown hook runs. */
    public void kill() throws Exception {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}

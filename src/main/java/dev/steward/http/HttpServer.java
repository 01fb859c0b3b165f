package dev.steward.http;

import dev.steward.access.ApiKeys;
import dev.steward.audit.AuditLog;
import dev.steward.config.Settings;
import dev.steward.consent.Choices;
import dev.steward.decision.DecisionEngine;
import dev.steward.dsr.Certificates;
import dev.steward.dsr.Exports;
import dev.steward.dsr.RequestQueue;
import dev.steward.dsr.Requests;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.policy.Policy;
import dev.steward.retention.RetentionSweep;
import dev.steward.vault.Accounts;
import dev.steward.vault.LegalHolds;
import dev.steward.versions.Activation;
import java.util.function.Supplier;
import dev.steward.vault.Records;
import dev.steward.vault.Subjects;
import dev.steward.web.NoticePage;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steward's HTTP server: Javalin with the API, the open pages, {@code /health}, {@code /metrics} and
 * {@code /openapi.json}; authentication, body limits and the error shape are applied here, once, for
 * every route. Request logs carry method, route template, status and time, never a query or a body.
 */
public final class HttpServer {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    /** Names each request in its response and its log line. */
    static final String REQUEST_ID_HEADER = "X-Request-Id";
    private static final String STARTED = "steward.started";
    private static final java.time.Duration[] HTTP_BUCKETS = java.util.stream.LongStream.of(1, 5, 10, 25, 50, 100,
            250, 500, 1000, 5000).mapToObj(java.time.Duration::ofMillis).toArray(java.time.Duration[]::new);

    private final Javalin app;

    /** Reads the TLS certificate and key of {@code settings}; throws {@code config_invalid} naming the file at fault. */
    public static void checkTls(Settings settings) {
        Tls.contextFactory(settings.tlsCert(), settings.tlsKey());
    }

    public HttpServer(Settings settings, Supplier<Policy> policy, ApiKeys keys, Subjects subjects, Records records,
                      AuditLog audit, Choices choices, DecisionEngine decisions, Activation activation,
                      Requests requests, RequestQueue queue, Exports exports, Certificates certificates,
                      Accounts accounts, LegalHolds holds, RetentionSweep sweep, PrometheusMeterRegistry metrics,
                      dev.steward.metrics.StewardMetrics domain, java.util.function.BooleanSupplier databaseReachable, dev.steward.vault.Erasure erasure,
                      dev.steward.changes.ChangeLog changes, dev.steward.sharing.Disclosures disclosures,
                      dev.steward.reports.Reports reports) {
        Authenticator authenticator = new Authenticator(keys);
        ApiRoutes api = new ApiRoutes(policy, keys);
        SubjectRoutes subjectRoutes = new SubjectRoutes(subjects, records, choices);
        AuditRoutes auditRoutes = new AuditRoutes(audit);
        ChangeRoutes changeRoutes = new ChangeRoutes(changes);
        ChoiceRoutes choiceRoutes = new ChoiceRoutes(choices, decisions, activation, domain);
        RequestRoutes requestRoutes = new RequestRoutes(requests, queue, exports, certificates);
        AccountRoutes accountRoutes = new AccountRoutes(accounts, holds, sweep, policy, erasure);
        DisclosureRoutes disclosureRoutes = new DisclosureRoutes(disclosures);
        ReportRoutes reportRoutes = new ReportRoutes(reports);
        NoticePage notice = new NoticePage(policy);
        String openApi = resource("/openapi.json");
        long maxBody = settings.maxBodyBytes();
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = maxBody;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            if (settings.tls()) {
                // HTTPS only: the one connector Jetty gets speaks TLS
                var tls = Tls.contextFactory(settings.tlsCert(), settings.tlsKey());
                config.jetty.addConnector((server, http) -> {
                    org.eclipse.jetty.server.SecureRequestCustomizer secure = new org.eclipse.jetty.server.SecureRequestCustomizer();
                    secure.setSniHostCheck(false); // clients may connect by address
                    http.addCustomizer(secure);
                    org.eclipse.jetty.server.ServerConnector connector = new org.eclipse.jetty.server.ServerConnector(
                            server, tls, new org.eclipse.jetty.server.HttpConnectionFactory(http));
                    connector.setHost(settings.host());
                    connector.setPort(settings.port());
                    return connector;
                });
            }
            // what Jetty rejects before a route runs is answered in the error shape too
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrorHandler()));
            config.routes.before(ctx -> {
                ctx.attribute(STARTED, System.nanoTime());
                ctx.header(REQUEST_ID_HEADER, RequestIds.next());
                Authenticator.refuseHead(ctx);
                limitBody(ctx, maxBody);
            });
            config.routes.beforeMatched(authenticator::check);
            config.routes.get("/health", ctx -> ctx.json(Map.of("status", "ok")));
            config.routes.get("/health/ready", ctx -> {
                if (!databaseReachable.getAsBoolean()) {
                    throw new StewardException(ErrorCode.NOT_READY, "the database cannot be reached");
                }
                ctx.json(Map.of("status", "ready"));
            });
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));
            config.routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
            config.routes.get("/privacy", notice::handle);
            api.register(config.routes);
            subjectRoutes.register(config.routes);
            auditRoutes.register(config.routes);
            changeRoutes.register(config.routes);
            choiceRoutes.register(config.routes);
            requestRoutes.register(config.routes);
            accountRoutes.register(config.routes);
            disclosureRoutes.register(config.routes);
            reportRoutes.register(config.routes);
            config.routes.exception(StewardException.class, ErrorResponses::known);
            config.routes.exception(HttpResponseException.class, ErrorResponses::javalin);
            config.routes.exception(Exception.class, ErrorResponses::unexpected);
            config.routes.error(404, ErrorResponses::notFound);
            config.routes.after(ctx -> record(ctx, metrics));
        });
    }

    /** Starts listening; returns the bound port (useful with port 0). */
    public int start() {
        app.start();
        return app.port();
    }

    public void stop() {
        app.stop();
    }

    /** Every route this server answers, as {@code METHOD /path/{param}} (for the OpenAPI check). */
    public java.util.List<String> routes() {
        java.util.Set<String> methods = java.util.Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
        return app.unsafe.internalRouter.allHttpHandlers().stream().map(parsed -> parsed.endpoint)
                .filter(endpoint -> methods.contains(endpoint.method.name()))
                .map(endpoint -> endpoint.method.name() + " " + endpoint.path).sorted().toList();
    }

    private static void limitBody(Context ctx, long maxBody) {
        String length = ctx.header("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBody) {
                    throw new StewardException(ErrorCode.BODY_TOO_LARGE, maxBody);
                }
            } catch (NumberFormatException e) {
                throw new StewardException(ErrorCode.BAD_REQUEST, "Content-Length is not a number");
            }
        }
    }

    private static void record(Context ctx, PrometheusMeterRegistry metrics) {
        Long started = ctx.attribute(STARTED);
        var matched = ctx.endpoints().matchedHttpEndpoint();
        String route = matched == null ? "unmatched" : matched.path;
        if (started != null) {
            Timer.builder("steward.http.requests").description("HTTP requests by method, route template and status")
                    .serviceLevelObjectives(HTTP_BUCKETS).tag("method", ctx.method().name()).tag("route", route)
                    .tag("status", Integer.toString(ctx.statusCode())).register(metrics)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            // the route template, never the path: ids and query values stay out of the log
            boolean quiet = route.equals("/health") || route.equals("/health/ready") || route.equals("/metrics");
            if (quiet ? LOG.isDebugEnabled() : LOG.isInfoEnabled()) {
                String line = String.format(java.util.Locale.ROOT, "%s %s %d %.1f ms id=%s", ctx.method().name(), route,
                        ctx.statusCode(), (System.nanoTime() - started) / 1e6, ctx.res().getHeader(REQUEST_ID_HEADER));
                if (quiet) {
                    LOG.debug(line);
                } else {
                    LOG.info(line);
                }
            }
        }
    }

    private static String resource(String name) {
        try (InputStream in = HttpServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

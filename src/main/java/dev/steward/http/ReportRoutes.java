package dev.steward.http;

import dev.steward.access.Role;
import dev.steward.reports.Reports;
import io.javalin.config.RoutesConfig;

/**
 * {@code GET /api/v1/reports/NAME} for every report of {@link Reports} (the notice's Korea tables, the
 * California categories, the record of processing activities, the data map); {@code format} and
 * {@code lang} as query parameters.
 */
final class ReportRoutes {
    private final Reports reports;

    ReportRoutes(Reports reports) {
        this.reports = reports;
    }

    void register(RoutesConfig routes) {
        for (String name : reports.names()) {
            Reports.Report report = reports.get(name);
            routes.get("/api/v1/reports/" + name, ctx -> {
                Reports.Rendered rendered = report.render(ctx.queryParam("format"), ctx.queryParam("lang"));
                ctx.contentType(rendered.contentType()).result(rendered.body());
            }, Role.OFFICERS);
        }
    }
}

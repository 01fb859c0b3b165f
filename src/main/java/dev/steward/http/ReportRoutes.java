package dev.steward.http;

import dev.steward.access.Role;
import dev.steward.reports.NoticeReports;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code GET /api/v1/reports/kr-processors}, {@code /kr-transfers} (the notice's Korea tables) and {@code /ccpa-categories}. */
final class ReportRoutes {
    private final NoticeReports reports;
    private final dev.steward.reports.CcpaCategoriesReport ccpaCategories;

    private final dev.steward.reports.RopaReport ropa;
    private final dev.steward.reports.DataMapReport dataMap;

    ReportRoutes(NoticeReports reports, dev.steward.reports.CcpaCategoriesReport ccpaCategories,
                 dev.steward.reports.RopaReport ropa) {
        this.reports = reports;
        this.ropa = ropa;
        this.dataMap = new dev.steward.reports.DataMapReport(reports::policy);
        this.ccpaCategories = ccpaCategories;
    }

    void register(RoutesConfig routes) {
        for (String name : NoticeReports.NAMES) {
            routes.get("/api/v1/reports/" + name, ctx -> report(ctx, name), Role.OFFICERS);
        }
        routes.get("/api/v1/reports/" + dev.steward.reports.CcpaCategoriesReport.NAME, ctx -> {
            NoticeReports.Rendered rendered = ccpaCategories.render(ctx.queryParam("format") == null ? "json"
                    : ctx.queryParam("format"), ctx.queryParam("lang"));
            ctx.contentType(rendered.contentType()).result(rendered.body());
        }, Role.OFFICERS);
        routes.get("/api/v1/reports/" + dev.steward.reports.DataMapReport.NAME, ctx -> {
            NoticeReports.Rendered rendered = dataMap.render(ctx.queryParam("format") == null ? "svg"
                    : ctx.queryParam("format"), ctx.queryParam("lang"));
            ctx.contentType(rendered.contentType()).result(rendered.body());
        }, Role.OFFICERS);
        routes.get("/api/v1/reports/" + dev.steward.reports.RopaReport.NAME, ctx -> {
            NoticeReports.Rendered rendered = ropa.render(ctx.queryParam("format") == null ? "json"
                    : ctx.queryParam("format"), ctx.queryParam("lang"));
            ctx.contentType(rendered.contentType()).result(rendered.body());
        }, Role.OFFICERS);
    }

    private void report(Context ctx, String name) {
        String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
        NoticeReports.Rendered rendered = reports.render(name, format, ctx.queryParam("lang"));
        ctx.contentType(rendered.contentType()).result(rendered.body());
    }
}

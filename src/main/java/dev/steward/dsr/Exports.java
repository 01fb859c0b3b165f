package dev.steward.dsr;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.policy.CategoryKey;
import dev.steward.policy.Policy;
import dev.steward.policy.PurposeKey;
import dev.steward.policy.Recipient;
import dev.steward.policy.RetentionRule;
import dev.steward.vault.RecordView;
import dev.steward.vault.Records;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The answer to an access or copy request: a zip with {@code data.json} (machine-readable, portable),
 * {@code data.csv} (one row per record) and {@code index.html} (a page in the requester's language
 * listing categories, purposes, sources, recipients that may have received the data, and retention).
 * Built when it is downloaded, from the data as it is then. Thread-safe.
 */
public final class Exports {
    private final Requests requests;
    private final Records records;
    private final Supplier<Policy> policy;
    private final Fulfilment fulfilment;

    private final dev.steward.sharing.Disclosures disclosures;

    public Exports(Requests requests, Records records, Supplier<Policy> policy, Fulfilment fulfilment,
                   dev.steward.sharing.Disclosures disclosures) {
        this.disclosures = disclosures;
        this.fulfilment = fulfilment;
        this.requests = requests;
        this.records = records;
        this.policy = policy;
    }

    public byte[] zip(String actor, String requestId) {
        return zip(actor, requests.get(requestId));
    }

    /** The export of a completed access or copy request. */
    public byte[] zip(String actor, DsrRequest request) {
        if (request.type() != RequestType.ACCESS && request.type() != RequestType.COPY) {
            throw new StewardException(ErrorCode.EXPORT_NOT_AVAILABLE, "only access and copy requests have an export");
        }
        if (request.status() != RequestStatus.COMPLETED) {
            throw new StewardException(ErrorCode.EXPORT_NOT_AVAILABLE, "the request is " + request.status().key());
        }
        List<RecordView> held = request.subjectId() == null ? List.of() : records.exportAll(actor, request.subjectId());
        Map<String, Object> data = document(request, held);
        if (request.subjectId() != null) {
            // everything held about the person: identifiers, choices and their history, kept earlier versions
            data.putAll(fulfilment.aboutSubject(request.subjectId()));
            data.put("archived_versions", records.exportArchived(request.subjectId()));
        }
        data.put("external", request.subjectId() == null ? List.of() : fulfilment.externalItems(request.subjectId()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            entry(zip, "data.json", Requests.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT)
                    .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
                    .writeValueAsString(data));
            entry(zip, "data.csv", csv(held));
            entry(zip, "index.html", ExportPage.html(policy.get(), request.language(), data, held));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the export", e);
        }
        return bytes.toByteArray();
    }

    private Map<String, Object> document(DsrRequest request, List<RecordView> held) {
        Policy current = policy.get();
        Set<String> categories = new TreeSet<>(held.stream().map(RecordView::category).toList());
        Set<String> purposes = new TreeSet<>();
        held.forEach(record -> purposes.addAll(record.purposes()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("request", request.id());
        data.put("subject", request.subjectId());
        data.put("policy_version", current.meta().version());
        data.put("records", held);
        data.put("categories", categories);
        data.put("purposes", purposes.stream().filter(key -> current.findPurpose(PurposeKey.of(key)).isPresent())
                .map(key -> Map.of("purpose", key, "title", current.findPurpose(PurposeKey.of(key)).orElseThrow().title()
                        .in(request.language()))).toList());
        data.put("sources", new TreeSet<>(held.stream().map(RecordView::source).toList()));
        data.put("recipients", current.recipients().values().stream()
                .filter(recipient -> categories.stream().anyMatch(category -> recipient.categories()
                        .contains(CategoryKey.of(category)))).map(Recipient::name).toList());
        // what was actually disclosed to whom, beside the recipients that may receive it
        data.put("disclosures", request.subjectId() == null ? List.of() : disclosures.ofSubject(request.subjectId())
                .stream().map(made -> {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("recipient", made.recipient());
                    item.put("recipient_name", current.findRecipient(dev.steward.policy.RecipientKey.of(made.recipient()))
                            .map(Recipient::name).orElse(made.recipient()));
                    item.put("categories", made.categories());
                    item.put("purpose", made.purpose());
                    item.put("country", made.country());
                    item.put("mechanism", made.mechanism());
                    item.put("disclosed_at", made.disclosedAt());
                    return item;
                }).toList());
        data.put("retention", current.retention().stream()
                .filter(rule -> categories.stream().anyMatch(category -> rule.categories()
                        .contains(CategoryKey.of(category)))).map(RetentionRule::id).toList());
        return data;
    }

    static String csv(List<RecordView> held) {
        StringBuilder out = new StringBuilder("id,category,value,source,purposes,collected_at,policy_version\r\n");
        for (RecordView record : held) {
            out.append(String.join(",", List.of(cell(record.id()), cell(record.category()), cell(record.value()),
                    cell(record.source()), cell(String.join(" ", record.purposes())), cell(record.collectedAt()),
                    cell(record.policyVersion())))).append("\r\n");
        }
        return out.toString();
    }

    /**
     * One CSV cell. A value a spreadsheet would run as a formula (it starts with {@code = + - @}, a tab or
     * a carriage return) is prefixed with an apostrophe, so opening the export never runs it.
     */
    static String cell(String value) {
        return dev.steward.reports.Csv.cell(value);
    }

    private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}

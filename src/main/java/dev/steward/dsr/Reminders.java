package dev.steward.dsr;

import dev.steward.audit.AuditEvent;
import dev.steward.audit.AuditLog;
import dev.steward.jobs.Leases;
import dev.steward.outbox.Outbox;
import dev.steward.policy.Contact;
import dev.steward.policy.ContactRole;
import dev.steward.policy.Jurisdiction;
import dev.steward.policy.JurisdictionRules;
import dev.steward.policy.Policy;
import dev.steward.store.Database;
import dev.steward.store.Times;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reminds the people who answer requests of their legal deadlines: a request the team must act on
 * (verified, in progress or extended) gets one message when it is due within {@link #DUE_SOON} and one
 * when it is overdue, to the data protection officer (or privacy contact) the policy names for the
 * request's jurisdiction, else for {@code DEFAULT}. A message names the request, its type, jurisdiction
 * and due date — nothing about the person. Each reminder is claimed in the database before it is sent
 * (one per request and stage, whichever node runs it) and audited; {@code serve} runs it hourly on one
 * node at a time (lease {@value #LEASE}).
 */
public final class Reminders {
    static final String LEASE = "deadline-reminders";
    /** How long before its due date a request is reminded of. */
    public static final Duration DUE_SOON = Duration.ofDays(3);
    private static final int PER_RUN = 1_000;
    private final int perRun;
    private final Database database;
    private final Outbox outbox;
    private final AuditLog audit;
    private final Supplier<Policy> policy;
    private final Clock clock;
    private final Leases leases;

    public Reminders(Database database, Outbox outbox, AuditLog audit, Supplier<Policy> policy, Clock clock) {
        this(database, outbox, audit, policy, clock, PER_RUN);
    }

    /** {@code perRun}: the most requests one run looks at. */
    Reminders(Database database, Outbox outbox, AuditLog audit, Supplier<Policy> policy, Clock clock, int perRun) {
        this.perRun = perRun;
        this.database = database;
        this.outbox = outbox;
        this.audit = audit;
        this.policy = policy;
        this.clock = clock;
        this.leases = new Leases(database, clock);
    }

    /** One run (throws {@code job_running} when another node runs it); returns the reminders sent. */
    public int run() {
        return leases.exclusively(LEASE, "deadline reminders", this::remind);
    }

    private record Due(String id, String type, String jurisdiction, Instant dueAt) { }

    private int remind() {
        Instant now = clock.instant();
        // only reminders not sent yet: those sent would otherwise fill the page run after run
        List<Due> due = database.read(handle -> handle.createQuery("SELECT d.id, d.type, d.jurisdiction, d.due_at FROM "
                + "dsr_request d WHERE d.status IN ('identity_verified', 'in_progress', 'extended') AND d.due_at < :soon "
                + "AND NOT EXISTS (SELECT 1 FROM dsr_reminder r WHERE r.request_id = d.id AND r.stage = CASE WHEN "
                + "d.due_at > :now THEN 'due_soon' ELSE 'overdue' END) ORDER BY d.due_at, d.id LIMIT " + perRun)
                .bind("soon", now.plus(DUE_SOON)).bind("now", now)
                .map((rs, ctx) -> new Due(rs.getString("id"), rs.getString("type"), rs.getString("jurisdiction"),
                        Times.of(rs.getObject("due_at")))).list());
        int sent = 0;
        for (Due request : due) {
            String stage = request.dueAt().isAfter(now) ? "due_soon" : "overdue";
            List<String> to = recipients(request.jurisdiction());
            if (to.isEmpty()) {
                continue; // nobody to tell: the console's queue still shows it
            }
            boolean claimed = database.write(handle -> {
                int inserted = handle.createUpdate("INSERT INTO dsr_reminder (request_id, stage, sent_at) VALUES "
                        + "(:r, :s, :t) ON CONFLICT (request_id, stage) DO NOTHING").bind("r", request.id())
                        .bind("s", stage).bind("t", now).execute();
                if (inserted == 1) {
                    audit.append(handle, AuditEvent.of("system:reminders", "request.reminder", null, "ok",
                            Map.of("request", request.id(), "stage", stage, "recipients", to.size())));
                }
                return inserted == 1;
            });
            if (!claimed) {
                continue;
            }
            try {
                for (String address : to) {
                    outbox.send(null, address, subject(request, stage), body(request, stage));
                }
                sent++;
            } catch (RuntimeException e) {
                // not sent: give the claim back, so the next run tries again
                database.write(handle -> handle.createUpdate("DELETE FROM dsr_reminder WHERE request_id = :r AND "
                        + "stage = :s").bind("r", request.id()).bind("s", stage).execute());
                org.slf4j.LoggerFactory.getLogger(Reminders.class).warn("the {} reminder of request {} was not sent",
                        stage, request.id(), e);
            }
        }
        return sent;
    }

    /** The e-mail addresses of the jurisdiction's DPO and privacy contacts, else of DEFAULT's. */
    List<String> recipients(String jurisdiction) {
        Policy current = policy.get();
        Set<String> addresses = addresses(current.rulesFor(Jurisdiction.of(jurisdiction)));
        if (addresses.isEmpty()) {
            addresses = addresses(current.rulesFor(Jurisdiction.DEFAULT));
        }
        return List.copyOf(addresses);
    }

    private static Set<String> addresses(JurisdictionRules rules) {
        Set<String> addresses = new LinkedHashSet<>();
        if (rules == null) {
            return addresses;
        }
        List<Contact> contacts = new ArrayList<>(rules.contacts(ContactRole.DPO));
        contacts.addAll(rules.contacts(ContactRole.PRIVACY_CONTACT));
        for (Contact contact : contacts) {
            if (contact.email() != null && !contact.email().isBlank()) {
                addresses.add(contact.email());
            }
        }
        return addresses;
    }

    private static String subject(Due request, String stage) {
        return ("overdue".equals(stage) ? "Overdue: " : "Due soon: ") + request.type() + " request " + request.id();
    }

    private static String body(Due request, String stage) {
        return "The " + request.type() + " request " + request.id() + " (jurisdiction " + request.jurisdiction()
                + ") " + ("overdue".equals(stage) ? "was due" : "is due") + " on " + request.dueAt()
                + ".\nOpen it in the operator console or at GET /api/v1/requests/" + request.id() + ".\n";
    }
}

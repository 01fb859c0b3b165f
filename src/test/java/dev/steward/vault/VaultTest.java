package dev.steward.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.error.StewardException;
import dev.steward.policy.CategoryKey;
import dev.steward.policy.Jurisdiction;
import dev.steward.policy.PurposeKey;
import dev.steward.policy.Source;
import dev.steward.store.TestDatabases;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Vault behaviour, identical on SQLite and PostgreSQL. */
class VaultTest {
    @TempDir
    Path dir;

    static NewSubject alice() {
        return new NewSubject(Map.of(IdentityKind.EMAIL, " Alice@Example.com ", IdentityKind.PHONE, "+82 10-1234-5678"),
                Jurisdiction.of("KR"), LocalDate.of(1990, 5, 1), null, true);
    }

    static NewRecord record(String category, String value, String... purposes) {
        return new NewRecord(CategoryKey.of(category), value, Source.PROVIDED,
                List.of(purposes).stream().map(PurposeKey::of).toList());
    }

    static String code(Throwable error) {
        return ((StewardException) error).code().code();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void findsASubjectByAnyOfItsNormalisedIdentities(TestDatabases db) {
        VaultFixture vault = new VaultFixture(db, dir);
        String id = vault.subjects.create("test", alice());
        assertThat(vault.subjects.find("test", IdentityKind.EMAIL, "ALICE@example.COM", Jurisdiction.DEFAULT))
                .hasValueSatisfying(found -> assertThat(found.id()).isEqualTo(id));
        assertThat(vault.subjects.find("test", IdentityKind.PHONE, "010-1234-5678", Jurisdiction.of("KR")))
                .hasValueSatisfying(found -> {
                    assertThat(found.id()).isEqualTo(id);
                    assertThat(found.identities()).containsExactly(IdentityKind.EMAIL, IdentityKind.PHONE);
                    assertThat(found.hasBirthDate()).isTrue();
                });
        assertThat(vault.subjects.find("test", IdentityKind.EMAIL, "bob@example.com", Jurisdiction.DEFAULT)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void identitiesSeenLaterJoinTheSameSubject(TestDatabases db) {
        VaultFixture vault = new VaultFixture(db, dir);
        String id = vault.subjects.create("test", alice());
        vault.subjects.link("test", id, IdentityKind.COOKIE_ID, "ck-42");
        assertThat(vault.subjects.find("test", IdentityKind.COOKIE_ID, "ck-42", Jurisdiction.DEFAULT))
                .hasValueSatisfying(found -> assertThat(found.id()).isEqualTo(id));
        String other = vault.subjects.create("test", new NewSubject(Map.of(IdentityKind.EMAIL, "bob@example.com"),
                Jurisdiction.of("EEA"), null, null, false));
        assertThatThrownBy(() -> vault.subjects.link("test", other, IdentityKind.COOKIE_ID, "ck-42"))
                .satisfies(error -> assertThat(code(error)).isEqualTo("identity_conflict"));
        assertThatThrownBy(() -> vault.subjects.link("test", "sub_none", IdentityKind.COOKIE_ID, "ck-43"))
                .satisfies(error -> assertThat(code(error)).isEqualTo("unknown_subject"));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void anIdentityBelongsToOneSubjectAndAConflictLeavesNothingBehind(TestDatabases db) {
        VaultFixture vault = new VaultFixture(db, dir);
        vault.subjects.create("test", alice());
        long subjects = vault.count("subject");
        long audit = vault.count("audit_log");
        NewSubject twin = new NewSubject(Map.of(IdentityKind.ACCOUNT_ID, "acct-9", IdentityKind.EMAIL,
                "alice@example.com"), Jurisdiction.of("EEA"), null, null, false);
        assertThatThrownBy(() -> vault.subjects.create("test", twin))
                .satisfies(error -> assertThat(code(error)).isEqualTo("identity_conflict"))
                .hasMessageNotContaining("alice");
        assertThat(vault.count("subject")).isEqualTo(subjects);
        assertThat(vault.count("identity")).isEqualTo(2);
        assertThat(vault.count("audit_log")).isEqualTo(audit);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void refusesBadInputWithAClearCodeAndWritesNothing(TestDatabases db) {
        VaultFixture vault = new VaultFixture(db, dir);
        String id = vault.subjects.create("test", alice());
        long records = vault.count("personal_record");
        long audit = vault.count("audit_log");
        assertThatThrownBy(() -> vault.records.add("test", id, record("contact.emial", "x", "provide")))
                .hasMessageContaining("did you mean 'contact.email'")
                .satisfies(error -> assertThat(code(error)).isEqualTo("unknown_category"));
        assertThatThrownBy(() -> vault.records.add("test", id, record("contact.email", "not-an-address", "provide")))
                .satisfies(error -> assertThat(code(error)).isEqualTo("invalid_value"))
                .hasMessageNotContaining("not-an-address");
        assertThatThrownBy(() -> vault.records.add("test", id, record("payment.card", "4111111111111112", "provide")))
                .satisfies(error -> assertThat(code(error)).isEqualTo("invalid_value"));
        assertThatThrownBy(() -> vault.records.add("test", id, record("payment.card", "4111111111111111",
                "marketing"))).satisfies(error -> assertThat(code(error)).isEqualTo("purpose_not_declared"));
        assertThatThrownBy(() -> vault.records.add("test", id, record("contact.name", "Alice", "markting")))
                .satisfies(error -> assertThat(code(error)).isEqualTo("unknown_purpose"));
        assertThatThrownBy(() -> vault.records.add("test", "sub_missing", record("contact.name", "Alice", "provide")))
                .satisfies(error -> assertThat(code(error)).isEqualTo("unknown_subject"));
        NewRecord automatic = new NewRecord(CategoryKey.of("payment.card"), "4111111111111111", Source.AUTOMATIC,
                List.of(PurposeKey.of("provide")));
        assertThatThrownBy(() -> vault.records.add("test", id, automatic))
                .satisfies(error -> assertThat(code(error)).isEqualTo("invalid_field"));
        assertThat(vault.count("personal_record")).isEqualTo(records);
        assertThat(vault.count("audit_log")).isEqualTo(audit);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void readsOnlyForPurposesTheRecordWasCollectedForAndThePolicyDeclares(TestDatabases db) {
        VaultFixture vault = new VaultFixture(db, dir);
        String id = vault.subjects.create("test", alice());
        String email = vault.records.add("test", id, record("contact.email", "alice@example.com", "communicate",
                "marketing"));
        String card = vault.records.add("test", id, record("payment.card", "4111 1111 1111 1111", "provide"));
        assertThat(vault.records.readFor("test", id, PurposeKey.of("marketing")).denied())
                .extracting(PurposeRead.Denial::reason).contains("consent_missing");
        vault.choices.set("test", id, "consent.marketing", "granted", dev.steward.consent.ChoiceMethod.FORM, null);
        PurposeRead marketing = vault.records.readFor("test", id, PurposeKey.of("marketing"));
        assertThat(marketing.records()).extracting(RecordView::id).containsExactly(email);
        assertThat(marketing.denied()).extracting(PurposeRead.Denial::reason).containsExactly(
                "not_collected_for_purpose");
        PurposeRead provide = vault.records.readFor("test", id, PurposeKey.of("provide"));
        assertThat(provide.records()).singleElement().satisfies(view -> {
            assertThat(view.id()).isEqualTo(card);
            assertThat(view.value()).isEqualTo("411111******1111");
        });
        PurposeRead ads = vault.records.readFor("test", id, PurposeKey.of("marketing.interest_based_ads"));
        assertThat(ads.records()).isEmpty();
        assertThat(ads.denied()).extracting(PurposeRead.Denial::category).contains("contact.email");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aKoreanChildsDataIsNotCollectedBeforeAGuardianConsents(TestDatabases db) {
        VaultFixture vault = new VaultFixture(db, dir);
        String guardian = vault.subjects.create("test", new NewSubject(Map.of(IdentityKind.EMAIL, "parent@example.com"),
                Jurisdiction.of("KR"), LocalDate.of(1980, 1, 1), null, true));
        String child = vault.subjects.create("test", new NewSubject(Map.of(IdentityKind.ACCOUNT_ID, "kid-1"),
                Jurisdiction.of("KR"), LocalDate.now().minusYears(10), guardian, false));
        long records = vault.count("personal_record");
        assertThatThrownBy(() -> vault.records.add("test", child, record("contact.name", "Min", "provide")))
                .satisfies(error -> assertThat(code(error)).isEqualTo("collection_refused"))
                .hasMessageContaining("guardian_consent_missing");
        assertThat(vault.count("personal_record")).isEqualTo(records);
        vault.choices.set("guardian", child, "guardian_consent", "granted", dev.steward.consent.ChoiceMethod.GUARDIAN,
                null);
        assertThat(vault.records.add("test", child, record("contact.name", "Min", "provide"))).startsWith("rec_");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void updatesArchiveThePriorVersionOnlyWhereThePolicySaysSo(TestDatabases db) {
        VaultFixture vault = new VaultFixture(db, dir);
        String id = vault.subjects.create("test", alice());
        String email = vault.records.add("test", id, record("contact.email", "alice@example.com", "communicate"));
        assertThat(vault.records.update("test", id, email, "alice@example.org")).isEqualTo(2);
        assertThat(vault.count("record_archive")).isEqualTo(1);
        String note = vault.records.add("test", id, new NewRecord(CategoryKey.of("usage.clickstream"), "/docs",
                Source.AUTOMATIC, List.of(PurposeKey.of("improve"))));
        vault.records.update("test", id, note, "/pricing");
        assertThat(vault.count("record_archive")).isEqualTo(1);
        assertThat(vault.records.readFor("test", id, PurposeKey.of("communicate")).records())
                .extracting(RecordView::value).containsExactly("alice@example.org");
        assertThatThrownBy(() -> vault.records.update("test", id, "rec_missing", "x"))
                .satisfies(error -> assertThat(code(error)).isEqualTo("unknown_record"));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void dataUnderALegalHoldIsEncryptedUnderItsOwnKey(TestDatabases db) {
        VaultFixture vault = new VaultFixture(db, dir);
        String id = vault.subjects.create("test", alice());
        vault.records.add("test", id, new NewRecord(CategoryKey.of("billing.invoice"), "INV-1", Source.AUTOMATIC,
                List.of(PurposeKey.of("legal_obligation"))));
        vault.records.add("test", id, record("contact.name", "Alice", "provide"));
        List<String> classes = vault.database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT key_class FROM subject_key WHERE subject_id = :s ORDER BY key_class").bind("s", id)
                .mapTo(String.class).list());
        assertThat(classes).containsExactly("default", "tax_accounting");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void concurrentWritersAllLandAndTheAuditChainHolds(TestDatabases db) throws Exception {
        VaultFixture vault = new VaultFixture(db, dir);
        String id = vault.subjects.create("test", alice());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> writes = new java.util.ArrayList<>();
            for (int i = 0; i < 64; i++) {
                int n = i;
                writes.add(pool.submit(() -> vault.records.add("test", id, new NewRecord(
                        CategoryKey.of("usage.clickstream"), "/page/" + n, Source.AUTOMATIC,
                        List.of(PurposeKey.of("improve"))))));
            }
            for (Future<String> write : writes) {
                assertThat(write.get()).startsWith("rec_");
            }
        } finally {
            pool.shutdown();
        }
        assertThat(vault.count("personal_record")).isEqualTo(64);
        assertThat(vault.audit.verify().valid()).isTrue();
        assertThat(vault.audit.verify().entries()).isEqualTo(65);
    }
}

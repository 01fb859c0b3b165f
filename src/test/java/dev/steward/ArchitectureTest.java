package dev.steward;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps package dependencies pointing one way: entry points → features → store → policy model. */
class ArchitectureTest {
    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.steward");
    }

    @Test
    void theClientStandsAlone() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes().that().resideInAPackage("dev.steward.client..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.steward.client..", "java..",
                        "com.fasterxml.jackson..")
                .because("steward-client ships as its own jar").check(classes);
        noClasses().that().resideOutsideOfPackage("dev.steward.client..").and().resideOutsideOfPackage("dev.steward.bench..")
                .should().dependOnClassesThat().resideInAPackage("dev.steward.client..").check(classes);
    }

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("dev.steward.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void thePolicyModelDependsOnNothingAbove() {
        noClasses().that().resideInAPackage("dev.steward.policy..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.steward.http..", "dev.steward.web..", "dev.steward.cli..", "dev.steward.store..",
                        "dev.steward.access..", "dev.steward.notice..", "dev.steward.config..")
                .check(classes);
    }

    @Test
    void featuresDoNotReachIntoEntryPoints() {
        noClasses().that().resideOutsideOfPackages("dev.steward.cli..", "dev.steward")
                .should().dependOnClassesThat().resideInAnyPackage("dev.steward.cli..").check(classes);
        noClasses().that().resideInAnyPackage("dev.steward.policy..", "dev.steward.notice..", "dev.steward.store..",
                "dev.steward.access..", "dev.steward.config..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.steward.http..", "dev.steward.web..")
                .check(classes);
    }

    @Test
    void featuresDoNotDependOnTheBenchHarness() {
        noClasses().that().resideOutsideOfPackages("dev.steward.cli..", "dev.steward.bench..")
                .should().dependOnClassesThat().resideInAPackage("dev.steward.bench..").check(classes);
    }

    @Test
    void theVaultAndItsFoundationsKnowNothingOfHttp() {
        noClasses().that().resideInAnyPackage("dev.steward.vault..", "dev.steward.audit..", "dev.steward.crypto..",
                "dev.steward.decision..", "dev.steward.store..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.steward.http..", "dev.steward.web..",
                        "dev.steward.cli..", "io.javalin..")
                .check(classes);
    }

    @Test
    void storageAndCryptoDoNotKnowTheVault() {
        noClasses().that().resideInAnyPackage("dev.steward.store..", "dev.steward.crypto..", "dev.steward.audit..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.steward.vault..", "dev.steward.decision..")
                .check(classes);
    }

    @Test
    void storageDoesNotKnowFeaturesAbove() {
        noClasses().that().resideInAPackage("dev.steward.store..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.steward.access..", "dev.steward.notice..", "dev.steward.config..")
                .check(classes);
    }

    @Test
    void internalPackagesStayInsideTheirFeature() {
        noClasses().that().resideOutsideOfPackage("dev.steward.policy..").should().dependOnClassesThat()
                .resideInAPackage("dev.steward.policy.internal..").check(classes);
    }

    @Test
    void onlyTheCompositionRootAndCliBuildTheServer() {
        noClasses().that().resideOutsideOfPackages("dev.steward", "dev.steward.http..")
                .should().dependOnClassesThat().haveSimpleName("HttpServer").check(classes);
    }
}

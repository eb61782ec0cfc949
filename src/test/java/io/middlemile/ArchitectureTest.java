package io.middlemile;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The dependency rules of DESIGN.md section 2, checked on the compiled classes: domain code knows
 * nothing of Camel, Spring or HTTP, and dependencies point one way (cli/camel → sync → connector → model).
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.middlemile");
    }

    @Test
    void domainCodeIsPlainJava() {
        noClasses().that().resideInAnyPackage("io.middlemile.model..", "io.middlemile.standardize..", "io.middlemile.mapping..",
                        "io.middlemile.workspace..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.camel..", "java.net.http..")
                .because("standardize, model and the mapping core are plain Java with fast unit tests (DESIGN.md section 2)")
                .check(classes);
    }

    @Test
    void outreachDecisionsArePlainJava() {
        noClasses().that().resideInAPackage("io.middlemile.outreach..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.camel..", "java.net.http..",
                        "java.sql..", "javax.sql..")
                .because("suppression, pacing and note templates decide before anything is sent and are tested as plain Java;"
                        + " the step and the send ledger live at the edges (issue 16)")
                .check(classes);
    }

    @Test
    void modelAndStandardizeDependOnNothingOfOurs() {
        noClasses().that().resideInAnyPackage("io.middlemile.model..", "io.middlemile.standardize..")
                .should().dependOnClassesThat().resideInAnyPackage("io.middlemile.connector..", "io.middlemile.mapping..",
                        "io.middlemile.sync..", "io.middlemile.store..", "io.middlemile.camel..", "io.middlemile.cli..",
                        "io.middlemile.workspace..")
                .check(classes);
    }

    @Test
    void connectorsDoNotReachUpIntoJobsOrCamel() {
        noClasses().that().resideInAPackage("io.middlemile.connector..")
                .should().dependOnClassesThat().resideInAnyPackage("io.middlemile.sync..", "io.middlemile.camel..",
                        "io.middlemile.cli..", "io.middlemile.store..", "org.apache.camel..")
                .check(classes);
    }

    @Test
    void jobsAndStoreDoNotDependOnCamelOrTheCli() {
        noClasses().that().resideInAnyPackage("io.middlemile.sync..", "io.middlemile.store..")
                .should().dependOnClassesThat().resideInAnyPackage("io.middlemile.camel..", "io.middlemile.cli..", "org.apache.camel..")
                .check(classes);
    }

    @Test
    void onlyTheGovernedWritePathWritesToConnectors() {
        noClasses().that().resideOutsideOfPackages("io.middlemile.govern..", "io.middlemile.connector..")
                .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "a write method of a connector capability",
                        call -> isWriteCapability(call.getTarget().getOwner()) && WRITE_METHODS.contains(call.getTarget().getName())))
                .because("no write reaches an external system except through io.middlemile.govern (policy, caps, journal)")
                .check(classes);
    }

    @Test
    void onlyTheOutreachRunSendsAndOnlyAfterTheGovernedPipeline() {
        noClasses().that().resideOutsideOfPackages("io.middlemile.connector..").and().doNotHaveFullyQualifiedName(
                        io.middlemile.outreach.OutreachRun.class.getName())
                .and().doNotHaveFullyQualifiedName("io.middlemile.outreach.GovernedSends")
                .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe("Outreach.send",
                        call -> call.getTarget().getOwner().isAssignableTo(io.middlemile.connector.Outreach.class)
                                && call.getTarget().getName().equals("send")))
                .because("no email enrolment, LinkedIn invitation or message, interest update or lead removal leaves except through"
                        + " OutreachRun or outreach.GovernedSends, which ask govern.GovernedCalls (kill switch, policy, caps, journal)"
                        + " first")
                .check(classes);
    }

    private static final java.util.Set<String> WRITE_METHODS = java.util.Set.of("upsert", "begin", "flush", "complete", "archive",
            "merge");

    private static boolean isWriteCapability(com.tngtech.archunit.core.domain.JavaClass owner) {
        return owner.isAssignableTo(io.middlemile.connector.RecordSink.class) || owner.isAssignableTo(io.middlemile.connector.Archiver.class);
    }

    /** DESIGN.md section 2: cli/web/camel → sync/dedupe/... → govern → connector → model/standardize. */
    @Test
    void dependenciesPointOneWay() {
        noClasses().that().resideInAnyPackage("io.middlemile.sync..", "io.middlemile.dedupe..", "io.middlemile.match..", "io.middlemile.enrich..",
                        "io.middlemile.assign..", "io.middlemile.outreach..", "io.middlemile.quality..")
                .should().dependOnClassesThat().resideInAnyPackage("io.middlemile.camel..", "io.middlemile.cli..", "io.middlemile.web..",
                        "io.middlemile.agent..")
                .check(classes);
        noClasses().that().resideInAPackage("io.middlemile.govern..")
                .should().dependOnClassesThat().resideInAnyPackage("io.middlemile.sync..", "io.middlemile.dedupe..",
                        "io.middlemile.enrich..", "io.middlemile.assign..", "io.middlemile.outreach..", "io.middlemile.quality..",
                        "io.middlemile.camel..", "io.middlemile.cli..", "io.middlemile.web..", "io.middlemile.agent..")
                .check(classes);
        noClasses().that().resideInAPackage("io.middlemile.connector..")
                .should().dependOnClassesThat().resideInAnyPackage("io.middlemile.govern..", "io.middlemile.dedupe..",
                        "io.middlemile.web..", "io.middlemile.agent..")
                .check(classes);
    }

    /** Issue 19: metrics at the seams, not in domain code; the write path and the connectors tell listeners instead. */
    @Test
    void onlyTheObservePackageKnowsMicrometer() {
        noClasses().that().resideOutsideOfPackages("io.middlemile.observe..")
                .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..", "io.github.resilience4j.micrometer..")
                .because("metrics are bound in io.middlemile.observe, which listens through CallObserver, PolicyDecisions and"
                        + " ProgressListener")
                .check(classes);
    }

    /** The emulators are a separate world: the engine never calls them, and they share no engine code. */
    @Test
    void onlyTheCliUsesTheSandboxAndTheSandboxUsesNothingOfOurs() {
        noClasses().that().resideOutsideOfPackages("io.middlemile.sandbox..", "io.middlemile.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.middlemile.sandbox..")
                .because("the emulators ship for the demo and rehearsals; the engine must work without them")
                .check(classes);
        noClasses().that().resideInAPackage("io.middlemile.sandbox..")
                .should().dependOnClassesThat(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("io.middlemile..")
                        .and(com.tngtech.archunit.base.DescribedPredicate.not(
                                com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("io.middlemile.sandbox.."))))
                .because("an emulator is written from the vendor's documentation, not from our connector's code")
                .check(classes);
    }

    @Test
    void onlyTheCliStartsTheEngine() {
        noClasses().that().resideOutsideOfPackage("io.middlemile.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.middlemile.cli..")
                .check(classes);
    }
}

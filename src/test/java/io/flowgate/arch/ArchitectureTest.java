package io.flowgate.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of docs/architecture.md, checked on the compiled classes (so a fully qualified
 * reference counts as much as an import): one table of which package may use which, no cycles between
 * packages, and the HTTP framework and JDBC each confined to their one adapter package.
 */
class ArchitectureTest {
    static final String BASE = "io.flowgate";
    /** The composition root ({@code App}, {@code Main}): builds everything, so may use everything. */
    static final String ROOT = "(root)";
    static final Set<String> ANY = Set.of("*");

    /**
     * Package (relative to {@code io.flowgate}) → the other packages its classes may use. A sub-package is a
     * row of its own. A row whose package has no classes yet costs nothing; a package with classes but no row
     * fails, so a new package starts by saying here what it may use. Keep in step with docs/architecture.md.
     */
    static final Map<String, Set<String>> MAY_USE = table(
            row("core"),
            row("config", "core"),
            row("expr", "core"),
            row("workflow", "core", "expr"),
            row("engine", "core", "expr", "workflow"),
            row("engine.steps", "core", "expr", "workflow", "engine"),
            row("engine.steps.builtin", "core", "expr", "workflow", "engine", "engine.steps"),
            row("store", "core", "workflow", "engine"),
            row("secrets", "core", "store"),
            row("auth", "core", "store"),
            row("ops", "core"),
            row("cluster", "core", "store"),
            row("retention", "core", "workflow", "store"),
            row("engine.worker", "core", "expr", "workflow", "engine", "engine.steps", "store"),
            row("store.jdbc", "core", "workflow", "engine", "store"),
            row("delivery", "core", "expr", "workflow", "secrets", "store"),
            row("trigger.webhook", "core", "expr", "workflow", "engine", "store", "secrets"),
            row("trigger.schedule", "core", "expr", "workflow", "engine", "store"),
            row("trigger.event", "core", "expr", "workflow", "engine", "store", "secrets"),
            row("trigger", "workflow", "trigger.webhook", "trigger.schedule", "trigger.event"),
            row("broker", "core", "expr", "workflow", "engine", "store", "secrets", "trigger.event"),
            row("broker.nats", "core", "engine", "broker"),
            row("broker.amqp", "core", "engine", "broker"),
            row("broker.mqtt", "core", "engine", "broker"),
            row("ui", "core", "config", "expr", "workflow", "engine", "store", "secrets", "auth", "delivery",
                    "trigger.webhook", "trigger.schedule", "trigger.event"),
            row("api", "core", "config", "expr", "workflow", "engine", "store", "secrets", "auth", "delivery",
                    "trigger.webhook", "trigger.schedule", "trigger.event", "ui", "cluster", "broker"),
            row("cli", "core", "config", "engine"),
            row(ROOT, "*"));

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(BASE);

    @Test
    void every_package_a_row_allows_has_a_row_of_its_own() {
        for (var row : MAY_USE.entrySet()) {
            assertThat(MAY_USE.keySet()).as(row.getKey()).containsAll(row.getValue().equals(ANY) ? Set.of() : row.getValue());
        }
    }

    @Test
    void every_package_uses_only_the_packages_its_row_allows() {
        classes().that().resideInAPackage(BASE + "..").should(useOnlyWhatTheTableAllows()).check(CLASSES);
    }

    @Test
    void packages_have_no_cycles() {
        slices().matching(BASE + ".(**)").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void only_the_api_package_uses_the_http_framework() {
        noClasses().that().resideOutsideOfPackage(BASE + ".api")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "jakarta.servlet..")
                .check(CLASSES);
    }

    @Test
    void only_the_jdbc_store_uses_jdbc_the_pool_and_migrations() {
        noClasses().that().resideOutsideOfPackage(BASE + ".store.jdbc")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "com.zaxxer..",
                        "org.flywaydb..", "org.postgresql..", "org.sqlite..")
                .check(CLASSES);
    }

    static ArchCondition<JavaClass> useOnlyWhatTheTableAllows() {
        return new ArchCondition<>("use only the packages their row of MAY_USE allows") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                String from = relative(item.getPackageName());
                Set<String> allowed = MAY_USE.get(from);
                if (allowed == null) {
                    events.add(SimpleConditionEvent.violated(item, item.getName() + " is in package '" + from
                            + "', which has no row in ArchitectureTest.MAY_USE (say what it may use)"));
                    return;
                }
                for (Dependency d : item.getDirectDependenciesFromSelf()) {
                    String targetPackage = d.getTargetClass().getBaseComponentType().getPackageName();
                    if (!(targetPackage.equals(BASE) || targetPackage.startsWith(BASE + "."))) {
                        continue;
                    }
                    String to = relative(targetPackage);
                    if (!to.equals(from) && !allowed.equals(ANY) && !allowed.contains(to)) {
                        events.add(SimpleConditionEvent.violated(d, "'" + from + "' may not use '" + to + "': "
                                + d.getDescription()));
                    }
                }
            }
        };
    }

    static String relative(String packageName) {
        return packageName.equals(BASE) ? ROOT : packageName.substring(BASE.length() + 1);
    }

    record Row(String pkg, Set<String> mayUse) {}

    static Row row(String pkg, String... mayUse) {
        return new Row(pkg, mayUse.length == 1 && mayUse[0].equals("*") ? ANY : Set.of(mayUse));
    }

    static Map<String, Set<String>> table(Row... rows) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (Row r : List.of(rows)) {
            if (out.put(r.pkg(), r.mayUse()) != null) {
                throw new IllegalArgumentException("Two rows for " + r.pkg());
            }
        }
        return out;
    }
}

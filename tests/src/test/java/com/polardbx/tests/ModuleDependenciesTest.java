package com.polardbx.tests;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module map of docs/architecture.md, checked on the compiled classes.
 *
 * <p>Maven only stops cycles between modules; it lets a module use anything its dependencies bring in. This keeps
 * each module to the ones it may use: common ← gms ← transaction, optimizer ← executor ← server; cdc → gms, common.
 */
class ModuleDependenciesTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar")) // common's test fixtures
            .importPackages("com.polardbx");
    }

    @Test
    void modulesUseOnlyTheModulesBelowThem() {
        layeredArchitecture().consideringOnlyDependenciesInLayers().withOptionalLayers(true) // cdc may be empty
            .layer("common").definedBy("com.polardbx.common..")
            .layer("gms").definedBy("com.polardbx.gms..")
            .layer("transaction").definedBy("com.polardbx.transaction..")
            .layer("optimizer").definedBy("com.polardbx.optimizer..")
            .layer("executor").definedBy("com.polardbx.executor..")
            .layer("cdc").definedBy("com.polardbx.cdc..")
            .layer("server").definedBy("com.polardbx.server..")
            .whereLayer("server").mayNotBeAccessedByAnyLayer()
            .whereLayer("executor").mayOnlyBeAccessedByLayers("server")
            .whereLayer("optimizer").mayOnlyBeAccessedByLayers("executor", "server")
            .whereLayer("transaction").mayOnlyBeAccessedByLayers("executor", "server")
            .whereLayer("cdc").mayOnlyBeAccessedByLayers("server")
            .whereLayer("gms").mayOnlyBeAccessedByLayers("transaction", "optimizer", "executor", "cdc", "server")
            .check(classes);
    }

    @Test
    void everyModuleWasImported() {
        // without this a wrong import option would make the layer rule pass on nothing
        for (String module : new String[] {"common", "gms", "transaction", "optimizer", "executor", "server"}) {
            assertTrue(classes.containPackage("com.polardbx." + module), module);
        }
    }

    @Test
    void noModuleHasPackageCycles() {
        slices().matching("com.polardbx.(*)..").should().beFreeOfCycles().check(classes);
    }
}

package com.uberpopug.ates.billing;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** No package of billing depends on itself through another, so each can be read and changed on its own. */
@AnalyzeClasses(packages = "com.uberpopug.ates.billing", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {

    @ArchTest
    static final ArchRule packagesFormNoCycle =
            slices().matching("com.uberpopug.ates.billing.(*)..").should().beFreeOfCycles();
}

package io.magicshield;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/** The layers of the webapp and the one-way dependencies between them (README, "How it works"). */
@AnalyzeClasses(packages = "io.magicshield", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String WEBAPP = "io.magicshield.";
    private static final String CORE = "io.magicshield.core";

    /** Top to bottom; a layer may use any layer below it and none above. */
    @ArchTest
    static final ArchRule layers = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("config").definedBy("io.magicshield.config..")
            .layer("signaling").definedBy("io.magicshield.signaling..")
            .layer("health").definedBy("io.magicshield.health..")
            .layer("session").definedBy("io.magicshield.session..")
            .layer("rtc").definedBy("io.magicshield.rtc..")
            .layer("media").definedBy("io.magicshield.media..")
            .layer("metrics").definedBy("io.magicshield.metrics..")
            .layer("core").definedBy("io.magicshield.core..")
            .whereLayer("config").mayNotBeAccessedByAnyLayer()
            .whereLayer("signaling").mayOnlyBeAccessedByLayers("config")
            .whereLayer("health").mayNotBeAccessedByAnyLayer()
            .whereLayer("session").mayOnlyBeAccessedByLayers("config", "signaling", "health")
            .whereLayer("rtc").mayOnlyBeAccessedByLayers("config", "signaling", "health", "session")
            .whereLayer("media").mayOnlyBeAccessedByLayers("config", "signaling", "health", "session", "rtc")
            .whereLayer("metrics")
            .mayOnlyBeAccessedByLayers("config", "signaling", "health", "session", "rtc", "media")
            // the native core is wrapped by the media package alone
            .whereLayer("core").mayOnlyBeAccessedByLayers("media");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.magicshield.(*)..").should().beFreeOfCycles();

    /** Catches a callback into an owner too: the owner depends on what it owns, which then depends back on it. */
    @ArchTest
    static final ArchRule noClassCycles = slices().assignedFrom(new TopLevelClasses()).should().beFreeOfCycles()
            .as("top-level classes of the webapp should be free of cycles (no class calls back into its owner)");

    @ArchTest
    static final ArchRule webRtcOnlyInRtcAndMedia = noClasses()
            .that().resideOutsideOfPackages("io.magicshield.rtc..", "io.magicshield.media..")
            .should().dependOnClassesThat().resideInAPackage("dev.onvoid.webrtc..")
            .because("WebRTC's types stay behind the rtc package's own (media handles its video frames)");

    /** One slice per top-level class of the webapp, its nested classes included; the native core's are left out. */
    private static final class TopLevelClasses implements SliceAssignment {

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getName();
            if (!name.startsWith(WEBAPP) || name.startsWith(CORE + ".")) {
                return SliceIdentifier.ignore();
            }
            int nested = name.indexOf('$');
            return SliceIdentifier.of(nested < 0 ? name : name.substring(0, nested));
        }

        @Override
        public String getDescription() {
            return "top-level classes";
        }
    }
}

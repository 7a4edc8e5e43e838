package io.magicshield;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.magicshield.core.BackgroundPicture;
import io.magicshield.core.EffectOption;
import io.magicshield.core.EffectOptions;
import io.magicshield.core.InferenceEngine;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The layers of the webapp and the one-way dependencies between them (README, "How it works"). */
@AnalyzeClasses(packages = "io.magicshield", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String WEBAPP = "io.magicshield.";
    private static final String CORE = "io.magicshield.core.";

    /** Top to bottom; a layer may use any layer below it and none above. */
    @ArchTest
    static final ArchRule layers = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("config")
            .definedBy("io.magicshield.config..")
            .layer("signaling")
            .definedBy("io.magicshield.signaling..")
            .layer("watch")
            .definedBy("io.magicshield.watch..")
            .layer("whip")
            .definedBy("io.magicshield.whip..")
            .layer("whep")
            .definedBy("io.magicshield.whep..")
            .layer("source")
            .definedBy("io.magicshield.source..")
            .layer("health")
            .definedBy("io.magicshield.health..")
            .layer("cluster")
            .definedBy("io.magicshield.cluster..")
            .layer("room")
            .definedBy("io.magicshield.room..")
            .layer("session")
            .definedBy("io.magicshield.session..")
            .layer("rtc")
            .definedBy("io.magicshield.rtc..")
            .layer("media")
            .definedBy("io.magicshield.media..")
            .layer("metrics")
            .definedBy("io.magicshield.metrics..")
            .layer("core")
            .definedBy("io.magicshield.core..")
            .whereLayer("config")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("signaling")
            .mayOnlyBeAccessedByLayers("config")
            .whereLayer("watch")
            .mayNotBeAccessedByAnyLayer()
            // the operator's list of streams reads WHIP's publishers and the sources (and the sources API's token)
            .whereLayer("whip")
            .mayOnlyBeAccessedByLayers("config", "watch")
            // WHIP answers and refuses as WHEP does: the offer limit, the refusal's form, the session's HTTP side
            .whereLayer("whep")
            .mayOnlyBeAccessedByLayers("whip", "source", "watch")
            .whereLayer("source")
            .mayOnlyBeAccessedByLayers("config", "watch")
            .whereLayer("health")
            .mayNotBeAccessedByAnyLayer()
            // the configuration reads the cluster's one setting (the drain deadline)
            .whereLayer("cluster")
            .mayOnlyBeAccessedByLayers("config")
            .whereLayer("room")
            .mayOnlyBeAccessedByLayers("config", "signaling", "whip", "whep", "source", "cluster")
            .whereLayer("session")
            .mayOnlyBeAccessedByLayers("config", "signaling", "whip", "whep", "source", "health", "cluster", "room")
            .whereLayer("rtc")
            .mayOnlyBeAccessedByLayers("config", "signaling", "whip", "whep", "source", "health", "room", "session")
            .whereLayer("media")
            .mayOnlyBeAccessedByLayers(
                    "config", "signaling", "whip", "whep", "source", "health", "room", "session", "rtc")
            .whereLayer("metrics")
            .mayOnlyBeAccessedByLayers(
                    "config",
                    "signaling",
                    "whip",
                    "whep",
                    "source",
                    "health",
                    "cluster",
                    "room",
                    "session",
                    "rtc",
                    "media")
            .whereLayer("core")
            .mayOnlyBeAccessedByLayers(
                    "config",
                    "signaling",
                    "whip",
                    "whep",
                    "source",
                    "health",
                    "room",
                    "session",
                    "rtc",
                    "media",
                    "metrics");

    /** The effect options are the one vocabulary of every layer; the native core itself is wrapped by media alone. */
    @ArchTest
    static final ArchRule nativeCoreOnlyInMedia = noClasses()
            .that()
            .resideOutsideOfPackage("io.magicshield.media..")
            .and()
            .resideOutsideOfPackage("io.magicshield.core..")
            .should()
            .dependOnClassesThat(resideInAPackage("io.magicshield.core..")
                    .and(not(type(EffectOption.class)))
                    .and(not(type(EffectOption.Kind.class)))
                    .and(not(type(EffectOptions.class)))
                    // a name in the configuration (tflite or opencv), no native object: config reads it
                    .and(not(type(InferenceEngine.class)))
                    // decoded pixels in a Java array, no native object: signaling makes it from an upload
                    .and(not(type(BackgroundPicture.class))))
            .because("frames, processors and results of the native core stay behind media's FrameEffect");

    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("io.magicshield.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule webRtcOnlyInRtcAndMedia = noClasses()
            .that()
            .resideOutsideOfPackages("io.magicshield.rtc..", "io.magicshield.media..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.onvoid.webrtc..")
            .because("WebRTC's types stay behind the rtc package's own (media handles its video frames)");

    /**
     * No top-level class (its nested classes included) depends on one that depends back on it, directly or through
     * others: that catches a callback into an owner too. Checked here because ArchUnit 1.5.0's cycle detection, given
     * one slice per class, reported only one of the three class cycles this code once had.
     */
    @ArchTest
    static void noClassCycles(JavaClasses classes) {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (JavaClass from : classes) {
            String origin = topLevelName(from);
            for (Dependency dependency : from.getDirectDependenciesFromSelf()) {
                String target = topLevelName(dependency.getTargetClass());
                if (origin != null && target != null && !origin.equals(target)) {
                    graph.computeIfAbsent(origin, k -> new TreeSet<>()).add(target);
                }
            }
        }
        List<String> cycles = new ArrayList<>();
        for (String start : graph.keySet()) {
            List<String> path = pathBack(graph, start);
            if (!path.isEmpty()) {
                cycles.add(String.join(" -> ", path));
            }
        }
        assertEquals(List.of(), cycles, "classes that depend on each other (a callback into an owner?)");
    }

    /** @return the shortest path from {@code start} through its dependencies back to it; empty when there is none */
    private static List<String> pathBack(Map<String, Set<String>> graph, String start) {
        Map<String, String> reachedFrom = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        queue.add(start);
        while (!queue.isEmpty()) {
            String current = queue.remove();
            for (String next : graph.getOrDefault(current, Set.of())) {
                if (next.equals(start)) {
                    LinkedList<String> path = new LinkedList<>(List.of(start));
                    for (String step = current; !step.equals(start); step = reachedFrom.get(step)) {
                        path.addFirst(step);
                    }
                    path.addFirst(start);
                    return path;
                }
                if (reachedFrom.putIfAbsent(next, current) == null) {
                    queue.add(next);
                }
            }
        }
        return List.of();
    }

    /** The webapp class that {@code javaClass} is or is nested in; null for the native core and other libraries. */
    private static String topLevelName(JavaClass javaClass) {
        String name = javaClass.getName();
        if (!name.startsWith(WEBAPP) || name.startsWith(CORE)) {
            return null;
        }
        int nested = name.indexOf('$');
        return nested < 0 ? name : name.substring(0, nested);
    }
}

package io.magicshield.it.net;

import java.util.ArrayList;
import java.util.List;

/**
 * The command that runs a main class of this test code in a JVM of its own: the test JVM's own java and class path.
 * That is how the helpers of this package run inside a test host ({@code ip netns exec} runs a command, never a
 * thread of this JVM, which stays in the root namespace).
 */
final class JavaCommand {

    private JavaCommand() {}

    static List<String> of(Class<?> main, List<String> arguments) {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElseThrow(() -> new IllegalStateException("the test JVM's java executable is unknown"));
        List<String> command = new ArrayList<>(List.of(
                java, "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(arguments);
        return command;
    }
}

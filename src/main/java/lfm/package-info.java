/**
 * Entry point of the runnable jar: {@link lfm.Launcher} restarts the JVM once with the Vector API module
 * when {@code java -jar} started it without, then hands over to the command line ({@code lfm.cli.Main}).
 * Application layer (docs/architecture.md): may import any package; nothing imports it.
 */
package lfm;

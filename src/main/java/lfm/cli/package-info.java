/**
 * The picocli command line ({@code lfm train|sample|eval|distill|velocity|merge|policy|bench|check|gpu-check|info}):
 * flags are bound to the spec records of {@code lfm.config}, the work is done by {@code lfm.api}, and this
 * package only parses, prints and maps failures to exit codes (a usage error exits 2 with the usage line, a
 * run-time failure exits 1 with one line; stack traces under {@code --debug}). Progress goes to stderr and
 * the last stdout line of {@code train}, {@code eval} and {@code bench} is one JSON object. Application
 * layer (docs/architecture.md): may import any package; only {@code lfm.Launcher} imports it.
 */
package lfm.cli;

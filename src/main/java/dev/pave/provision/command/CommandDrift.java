package dev.pave.provision.command;

/**
 * What a manifest's drift commands said of the infrastructure a deployment left: in sync (every command exited 0),
 * drifted (one exited 2, as {@code terraform plan -detailed-exitcode} does), or they could not tell (any other
 * failure; {@code message} says which command and how).
 *
 * @param output what the commands printed, the last part when long: the finding's evidence
 */
public record CommandDrift(Verdict verdict, String message, String output) {

    public enum Verdict {
        IN_SYNC,
        DRIFTED,
        COULD_NOT_TELL
    }
}

package dev.pave.deploy;

/**
 * The two parts of a deployment's status message (Proton's one string): its first line says what happened (the
 * failing command, the CloudFormation event); what follows, if anything, is the last lines of output behind it. The
 * log already holds that output, and pages show the two parts apart.
 */
public final class StatusMessages {

    private StatusMessages() {
    }

    public static String headline(String statusMessage) {
        int newline = statusMessage.indexOf('\n');
        return newline < 0 ? statusMessage : statusMessage.substring(0, newline);
    }

    /** What follows the first line; empty when there is nothing. */
    public static String detail(String statusMessage) {
        int newline = statusMessage.indexOf('\n');
        return newline < 0 ? "" : statusMessage.substring(newline + 1);
    }
}

package dev.pave.web.forms;

/** IAM role ARNs as the pages accept them, with the message a field shows when it holds something else. */
public final class RoleArns {

    private static final String PATTERN = "arn:aws[a-z-]*:iam::\\d{12}:role/.+";

    private RoleArns() {
    }

    /** Rejects the field unless it holds a role ARN. */
    public static void require(Form form, String field) {
        if (!form.valueOf(field).strip().matches(PATTERN)) {
            form.reject(field, "Enter an IAM role ARN, e.g. arn:aws:iam::123456789012:role/name.");
        }
    }

    /** Like {@link #require}, but an empty field, meaning no role, passes. */
    public static void requireUnlessEmpty(Form form, String field) {
        if (!form.valueOf(field).isBlank()) {
            require(form, field);
        }
    }
}

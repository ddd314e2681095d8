package dev.pave.error;

import java.util.List;

/**
 * The request is invalid. It carries each {@link Problem} with where it belongs, so pages put an error next to the
 * field it concerns without reading its text; {@link #getMessage()} joins them with "; " for the API.
 */
public class ValidationException extends PaveException {

    /**
     * One thing wrong. {@code path} says where: an input ({@code spec.vpc_cidr}, {@code spec.instances[1].spec.port}),
     * a field of the request ({@code templateFile}), or null for the request as a whole. {@code message} is how it
     * reads in the joined message; {@code detail} is the same without the path, for showing next to the field.
     */
    public record Problem(String path, String message, String detail) {

        /** An input's problem, reading "path: detail". */
        public static Problem at(String path, String detail) {
            return new Problem(path, path + ": " + detail, detail);
        }

        /** A problem with one field of the request, whose message names it already. */
        public static Problem about(String field, String message) {
            return new Problem(field, message, message);
        }

        public static Problem general(String message) {
            return new Problem(null, message, message);
        }
    }

    private final List<Problem> problems;

    public ValidationException(String message) {
        this(List.of(Problem.general(message)));
    }

    public ValidationException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(Problem.general(message));
    }

    public ValidationException(Problem problem) {
        this(List.of(problem));
    }

    public ValidationException(List<Problem> problems) {
        super(String.join("; ", problems.stream().map(Problem::message).toList()));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    @Override
    public String type() {
        return "ValidationException";
    }

    @Override
    public int httpStatus() {
        return 400;
    }
}

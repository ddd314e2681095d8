package dev.pave.provision.cloudformation;

/** Ends the attempt as Failed with this message: the time limit passed, or a stack could not be cleaned up. */
final class StackFailure extends RuntimeException {

    StackFailure(String message) {
        super(message);
    }
}

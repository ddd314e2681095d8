package dev.pave.template.bundle;

import dev.pave.error.ValidationException;

/** A template bundle that Proton would refuse; the message names the entry or file and the rule it breaks. */
public class BundleException extends ValidationException {

    public BundleException(String message) {
        super(message);
    }
}

package com.uberpopug.ates.billing;

import com.uberpopug.ates.devstack.testing.NativeImageConfigContract;

/** The native-readiness check of billing ({@link NativeImageConfigContract}). */
class NativeImageConfigIT extends NativeImageConfigContract {

    NativeImageConfigIT() {
        super("billing");
    }
}

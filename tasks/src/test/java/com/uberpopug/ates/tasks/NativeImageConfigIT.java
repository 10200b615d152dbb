package com.uberpopug.ates.tasks;

import com.uberpopug.ates.devstack.testing.NativeImageConfigContract;

/** The native-readiness check of tasks ({@link NativeImageConfigContract}). */
class NativeImageConfigIT extends NativeImageConfigContract {

    NativeImageConfigIT() {
        super("tasks");
    }
}

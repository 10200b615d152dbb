package com.uberpopug.ates.analytics;

import com.uberpopug.ates.devstack.testing.NativeImageConfigContract;

/** The native-readiness check of analytics ({@link NativeImageConfigContract}). */
class NativeImageConfigIT extends NativeImageConfigContract {

    NativeImageConfigIT() {
        super("analytics");
    }
}

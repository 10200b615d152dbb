package com.uberpopug.ates.billing.support;

import java.util.HashMap;
import java.util.Map;

/**
 * {@link BillingTestResources} with the mailer sending through a {@link SlowSmtp} proxy in front of the same
 * GreenMail. Only a test class that names this resource (an application of its own) gets the proxy.
 */
public class BillingThroughSlowSmtp extends BillingTestResources {

    private SlowSmtp proxy;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        proxy = SlowSmtp.start(MailServer.get().smtpPort());
        config.put("quarkus.mailer.port", Integer.toString(proxy.port()));
        return config;
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
        super.stop();
    }
}

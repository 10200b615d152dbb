package com.uberpopug.ates.billing.web;

import io.quarkus.qute.TemplateExtension;
import java.math.BigDecimal;

/** What the pages ask of an amount. */
@TemplateExtension
public class AmountExtensions {

    static boolean negative(BigDecimal amount) {
        return amount.signum() < 0;
    }
}

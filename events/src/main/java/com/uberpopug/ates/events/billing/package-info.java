/** Events about money, produced by the billing service on {@code billing-stream} and {@code billing-lifecycle}. */
package com.uberpopug.ates.events.billing;

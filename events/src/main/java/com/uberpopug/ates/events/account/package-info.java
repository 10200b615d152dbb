/** Events about accounts, produced by Keycloak's event listener on {@code accounts-stream}. */
package com.uberpopug.ates.events.account;

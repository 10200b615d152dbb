package com.uberpopug.ates.platform.info;

/** What this service is and which schema it runs on. */
public record ServiceInfo(String service, String schemaVersion, String database) {}

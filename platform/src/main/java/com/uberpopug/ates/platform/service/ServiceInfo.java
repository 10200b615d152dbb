package com.uberpopug.ates.platform.service;

/** What this service is and which schema it runs on. */
public record ServiceInfo(String service, String schemaVersion, String database) {}

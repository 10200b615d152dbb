package com.uberpopug.ates.tasks.account;

/** Someone a task may be given to: their account id and user name. */
public record Employee(String id, String username) {}

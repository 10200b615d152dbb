package com.uberpopug.ates.tasks.task;

/** What a reshuffle did: how many open tasks went to a (new) random assignee. */
public record ReassignResult(int reassigned) {}

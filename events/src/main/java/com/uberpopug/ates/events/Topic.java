package com.uberpopug.ates.events;

/** The Kafka topics events travel on; dead letters go to {@code <topic>.dlq}. */
public enum Topic {
    ACCOUNTS_STREAM("accounts-stream"),
    TASKS_STREAM("tasks-stream"),
    TASKS_LIFECYCLE("tasks-lifecycle"),
    BILLING_STREAM("billing-stream"),
    BILLING_LIFECYCLE("billing-lifecycle");

    private final String topicName;

    Topic(String topicName) {
        this.topicName = topicName;
    }

    /** The topic's name in Kafka. */
    public String topicName() {
        return topicName;
    }
}

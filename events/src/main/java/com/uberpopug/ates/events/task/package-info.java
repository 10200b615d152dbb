/** Events about tasks, produced by the tasks service on {@code tasks-stream} and {@code tasks-lifecycle}. */
package com.uberpopug.ates.events.task;

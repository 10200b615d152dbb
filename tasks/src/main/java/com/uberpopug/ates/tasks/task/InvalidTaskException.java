package com.uberpopug.ates.tasks.task;

import com.uberpopug.ates.platform.api.InvalidRequestException;
import java.util.List;

/** A task the rules refuse to create (400); each problem names the field and what to do. */
public class InvalidTaskException extends InvalidRequestException {

    public InvalidTaskException(List<String> problems) {
        super(String.join("; ", problems), problems);
    }
}

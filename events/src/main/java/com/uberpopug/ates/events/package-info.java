/**
 * The contracts every aTES service shares: the event envelope and the JSON Schema of each event
 * name and version. Services share nothing else.
 */
package com.uberpopug.ates.events;

package io.middlemile.sync;

import io.middlemile.model.Target;

import java.util.List;

/**
 * What to run: a job (route id) reading one object of one connection, page by page.
 *
 * @param job        the route id
 * @param connection the source connection
 * @param object     the source object
 * @param pageSize   records per page; each page is written and committed before the next is read
 * @param sinks      the objects the route writes to, so file sinks can be checkpointed
 * @param fromStart  ignore the stored cursor of an incremental source and read everything
 * @param planFile   when set, compute every write without making one and save the plan here
 * @param retry      read only the job's pending failed records again ({@code middlemile job retry-failed}),
 *                   leaving the job's cursor where it is
 * @param reassign   read only these leads again and give them new owners ({@code middlemile assign reassign}), leaving
 *                   the job's cursor where it is; null for every other run
 * @param checked    for a retry, its queue as checked against the source just before ({@link UnreadableRows#check}): the
 *                   retry reuses the read of the file that made instead of reading it again; null to read it
 */
public record JobRequest(String job, String connection, String object, int pageSize, List<Target> sinks, boolean fromStart,
                         java.nio.file.Path planFile, boolean retry, Reassignment reassign, UnreadableRows checked) {

    public JobRequest(String job, String connection, String object, int pageSize, List<Target> sinks, boolean fromStart,
                      java.nio.file.Path planFile, boolean retry, Reassignment reassign) {
        this(job, connection, object, pageSize, sinks, fromStart, planFile, retry, reassign, null);
    }

    public JobRequest(String job, String connection, String object, int pageSize, List<Target> sinks, boolean fromStart,
                      java.nio.file.Path planFile, boolean retry) {
        this(job, connection, object, pageSize, sinks, fromStart, planFile, retry, null);
    }

    public JobRequest(String job, String connection, String object, int pageSize, List<Target> sinks, boolean fromStart,
                      java.nio.file.Path planFile) {
        this(job, connection, object, pageSize, sinks, fromStart, planFile, false, null);
    }

    /** A run over chosen records only (a retry, a reassign): it neither resumes nor moves the job's cursor. */
    public boolean chosenRecords() {
        return retry || reassign != null;
    }

    public boolean planOnly() {
        return planFile != null;
    }
}

package io.distill.teacher;

/**
 * The teacher before its first fit: every user is scored by how often each item occurred so far. The
 * catalogue is the live interaction log's, so nothing has to be frozen or copied.
 */
public record PopularityModel(InteractionLog log) implements TeacherModel {

    @Override
    public String version() {
        return "popularity@" + log.events();
    }

    @Override
    public int columns() {
        return log.items().size();
    }

    @Override
    public String itemId(final int column) {
        return log.items().idOf(column);
    }

    @Override
    public int columnOf(final int catalogueIndex) {
        return catalogueIndex < log.items().size() ? catalogueIndex : -1;
    }
}

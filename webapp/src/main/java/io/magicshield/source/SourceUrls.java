package io.magicshield.source;

import java.util.regex.Pattern;

/** Source URLs as logs and status show them: a password, a user name and the query (tokens live there) masked. */
public final class SourceUrls {

    /** scheme://user:password@ - the user information, whatever it holds, up to the last @ before the path. */
    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@");

    private SourceUrls() {}

    public static String mask(String url) {
        String masked = USER_INFO.matcher(url).replaceFirst("$1***@");
        int query = masked.indexOf('?');
        return query < 0 ? masked : masked.substring(0, query) + "?***";
    }
}

package dev.chargpt.model;

import java.lang.reflect.Field;

/**
 * A private field of a DL4J class that chargpt sets because M2.1 offers no other way in; each use
 * says why where it is made. chargpt is built against DL4J 1.0.0-M2.1 alone, so a field that is
 * missing is a build of the wrong version, said plainly.
 */
final class PrivateField {
    private final Field field;

    PrivateField(Class<?> owner, String name) {
        try {
            field = owner.getDeclaredField(name);
            field.setAccessible(true);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("DL4J's " + owner.getSimpleName() + " has no field '" + name
                    + "': chargpt is built for DL4J 1.0.0-M2.1", e);
        }
    }

    void set(Object target, Object value) {
        try {
            field.set(target, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot set DL4J's " + field.getDeclaringClass().getSimpleName() + "." + field.getName(), e);
        }
    }
}

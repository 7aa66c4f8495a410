package lfm.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A composite listener forwards every listener method: one left to the default would drop its calls. */
class CompositeListenerTest {
    @Test
    void everyMethodIsForwarded() throws NoSuchMethodException {
        for (Method method : TrainingListener.class.getDeclaredMethods()) {
            if (method.isDefault()) {
                assertEquals(
                        CompositeListener.class,
                        CompositeListener.class
                                .getMethod(method.getName(), method.getParameterTypes())
                                .getDeclaringClass(),
                        method.getName());
            }
        }
        List<String> heard = new ArrayList<>();
        TrainingListener first = new TrainingListener() {
            @Override
            public void notice(String line) {
                heard.add("first: " + line);
            }
        };
        TrainingListener second = new TrainingListener() {
            @Override
            public void notice(String line) {
                heard.add("second: " + line);
            }
        };
        CompositeListener.of(first, null, second).notice("resuming on 3 shards");
        assertEquals(List.of("first: resuming on 3 shards", "second: resuming on 3 shards"), heard);
    }
}

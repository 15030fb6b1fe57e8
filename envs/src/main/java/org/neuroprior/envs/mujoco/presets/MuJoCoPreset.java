package org.neuroprior.envs.mujoco.presets;

import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;
import org.bytedeco.javacpp.tools.Info;
import org.bytedeco.javacpp.tools.InfoMap;
import org.bytedeco.javacpp.tools.InfoMapper;

/**
 * Instructions for JavaCPP's parser: which MuJoCo 2.2.2 headers to turn into Java
 * ({@code org.neuroprior.envs.mujoco.binding}) and how. The Maven build runs the parser, then compiles the
 * generated JNI code against Debian's libmujoco, and copies libmujoco and the Debian libraries it links to next to the
 * JNI library, so that they travel in the jar (JavaCPP extracts and loads them). Application code should use the safe wrappers
 * {@code MjModel} and {@code MjData}, not the raw binding.
 */
@Properties(
        target = "org.neuroprior.envs.mujoco.binding",
        global = "org.neuroprior.envs.mujoco.binding.MuJoCo",
        value = @Platform(
                include = {
                        "mujoco/mjtnum.h",
                        "mujoco/mjmodel.h",
                        "mujoco/mjdata.h",
                        "mujoco/mjvisualize.h",
                        "mujoco/mjrender.h",
                        "mujoco/mujoco.h"},
                link = "mujoco@.2.2.2",
                // The Debian libraries libmujoco links to: bundled beside it (the build copies them from the system),
                // so that a jar runs where MuJoCo is not installed, e.g. on a Spark cluster's executors.
                preload = {"ccd@.2", "lodepng@.0", "qhull_r@.8.0", "tinyxml2@.9"}))
public class MuJoCoPreset implements InfoMapper {

    @Override
    public void map(InfoMap infoMap) {
        // Export/visibility macros carry no meaning for Java.
        infoMap.put(new Info("MJAPI", "MJLOCAL").cppTypes().annotations());

        // Every "typedef struct mjX_ mjX": name the Java class after the typedef, else the type stays opaque.
        for (String name : new String[] {
                "mjContact", "mjWarningStat", "mjTimerStat", "mjSolverStat", "mjData",
                "mjLROpt", "mjVFS", "mjOption", "mjVisual", "mjStatistic", "mjModel",
                "mjrRect", "mjrContext",
                "mjvPerturb", "mjvCamera", "mjvGLCamera", "mjvGeom", "mjvLight", "mjvOption", "mjvScene", "mjvFigure"}) {
            infoMap.put(new Info(name + "_").pointerTypes(name));
            infoMap.put(new Info(name).pointerTypes(name));
        }

        // Macros that are statements or aliases of libm, and a global table of function pointers.
        infoMap.put(new Info("mjMARKSTACK", "mjFREESTACK", "mjCOLLISIONFUNC").skip());
        for (String f : new String[] {"sqrt", "exp", "sin", "cos", "tan", "asin", "acos", "atan2", "tanh", "pow",
                "abs", "log", "log10", "floor", "ceil"}) {
            infoMap.put(new Info("mju_" + f).skip());
        }
        // The UI toolkit (mjui.h) is for the interactive viewer, which we do not bind.
        infoMap.put(new Info("mjui_themeSpacing", "mjui_themeColor", "mjui_add", "mjui_addToSection", "mjui_resize",
                "mjui_update", "mjui_event", "mjui_render").skip());
        // mjtNum is double (mjUSESINGLE is not defined in Debian's build).
        infoMap.put(new Info("mjtNum").cast().valueTypes("double").pointerTypes("DoublePointer", "DoubleBuffer", "double[]"));
        infoMap.put(new Info("mjUSESINGLE").define(false));
    }
}

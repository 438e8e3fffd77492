# SPDX-License-Identifier: Apache-2.0
# The direction of the core's include graph, held against the code at configure time: a file in
# a folder may include headers of the folders listed for it (and its own), nothing else of the
# project. Widgets and Gui headers are refused everywhere in the core.

cmake_policy(VERSION 3.22)

set(QMT_LAYER_at "")
set(QMT_LAYER_engine "at")
set(QMT_LAYER_models "at;engine")
set(QMT_LAYER_io "at;engine;models")
set(QMT_LAYER_workflows "at;engine;models;io;mqtt") # mqtt: the end-to-end check's peer
set(QMT_LAYER_mqtt "")
set(QMT_LAYER_sim "at;engine;mqtt")
set(QMT_LAYERS at engine models io workflows mqtt sim)

# qmt_layer_violations(<modem dir> <out var>): the list of "file: include" that break the rules.
function(qmt_layer_violations dir out)
    set(bad "")
    file(GLOB folders LIST_DIRECTORIES true RELATIVE ${dir} ${dir}/*)
    foreach(folder IN LISTS folders)
        if(NOT IS_DIRECTORY ${dir}/${folder})
            continue()
        endif()
        if(NOT folder IN_LIST QMT_LAYERS)
            list(APPEND bad "${folder}/: a folder the layering does not know (add it to modem/layers.cmake)")
            continue()
        endif()
        file(GLOB files ${dir}/${folder}/*.h ${dir}/${folder}/*.cpp)
        foreach(f IN LISTS files)
            file(STRINGS ${f} includes REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
            foreach(line IN LISTS includes)
                if(line MATCHES "#[ \t]*include[ \t]*[<\"](QtWidgets|QtGui|QWidget|QApplication|QGuiApplication|QPainter|QColor|QFont|QIcon)[/>\"]")
                    list(APPEND bad "${folder}/${CMAKE_MATCH_0}")
                elseif(line MATCHES "#[ \t]*include[ \t]*\"([a-z]+)/")
                    set(target ${CMAKE_MATCH_1})
                    if(NOT target STREQUAL folder AND NOT target IN_LIST QMT_LAYER_${folder})
                        get_filename_component(name ${f} NAME)
                        list(APPEND bad "${folder}/${name} includes ${target}/ (allowed: ${folder} ${QMT_LAYER_${folder}})")
                    endif()
                endif()
            endforeach()
        endforeach()
    endforeach()
    set(${out} "${bad}" PARENT_SCOPE)
endfunction()

function(qmt_check_layers dir)
    qmt_layer_violations(${dir} bad)
    if(bad)
        list(JOIN bad "\n  " text)
        message(FATAL_ERROR "modem/: includes against the layering (modem/layers.cmake):\n  ${text}")
    endif()
endfunction()

# cmake -DMODEM_DIR=... -P layers.cmake: the same check as a test.
if(CMAKE_SCRIPT_MODE_FILE AND DEFINED MODEM_DIR)
    qmt_check_layers(${MODEM_DIR})
    message(STATUS "modem/: every include follows the layering")
endif()

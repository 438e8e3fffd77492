# SPDX-License-Identifier: Apache-2.0
# The application icon: the hand-drawn SVG (resources/icons/qmtscope.svg) rendered to the PNG sizes
# desktops use, with rsvg-convert (librsvg2-bin) at build time. Included from app/CMakeLists.txt so
# that the PNGs can also go into the GUI's resources (the window icon, :/qmtscope/icons/).
# Sets QMT_ICON_SVG, and QMT_ICON_PNGS (empty without rsvg-convert) as <size>x<size>/qmtscope.png.
set(QMT_ICON_SVG ${PROJECT_SOURCE_DIR}/resources/icons/qmtscope.svg)
set(QMT_ICON_SIZES 16 22 24 32 48 64 128 256) # packaging/CMakeLists.txt installs these
set(QMT_ICON_DIR ${PROJECT_BINARY_DIR}/icons)
set(QMT_ICON_PNGS)
find_program(RSVG_CONVERT rsvg-convert)
if(RSVG_CONVERT)
    foreach(size ${QMT_ICON_SIZES})
        set(png ${QMT_ICON_DIR}/${size}x${size}/qmtscope.png)
        add_custom_command(OUTPUT ${png}
                           COMMAND ${CMAKE_COMMAND} -E make_directory ${QMT_ICON_DIR}/${size}x${size}
                           COMMAND ${RSVG_CONVERT} -w ${size} -h ${size} -o ${png} ${QMT_ICON_SVG}
                           DEPENDS ${QMT_ICON_SVG} VERBATIM)
        list(APPEND QMT_ICON_PNGS ${png})
    endforeach()
else()
    message(WARNING "rsvg-convert (Debian: librsvg2-bin) not found: no PNG icons, no window icon")
endif()

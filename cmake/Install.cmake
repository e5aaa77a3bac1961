# Install layout (FHS) and the Debian package. The executables install themselves
# (daemon/app, alert/); this file adds configuration, profiles, systemd units, the Python
# subscribers and the docs, then configures CPack to build newswatch_<version>_<arch>.deb:
#   cmake --build build --target package      (or: cd build && cpack -G DEB)
# The package enables and starts nothing: its postinst only reloads systemd's unit files.
# Configure with -DCMAKE_INSTALL_PREFIX=/usr for a package (configuration then lands in /etc).
include(GNUInstallDirs)

# Debian 12 ships units in /lib/systemd/system; other prefixes keep them under the prefix.
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(_nw_unit_dir_default "/lib/systemd/system")
else()
  set(_nw_unit_dir_default "${CMAKE_INSTALL_PREFIX}/lib/systemd/system")
endif()
set(NEWSWATCH_SYSTEMD_UNIT_DIR "${_nw_unit_dir_default}" CACHE PATH "Where systemd units go")
set(NEWSWATCH_CONFIG_DIR "${CMAKE_INSTALL_FULL_SYSCONFDIR}/newswatch")
set(NEWSWATCH_DATA_DIR "${CMAKE_INSTALL_DATADIR}/newswatch")

# Configuration: the production examples (demo.yaml needs the source tree's demo folder).
install(FILES config/newswatch.yaml config/alert.yaml DESTINATION ${NEWSWATCH_CONFIG_DIR})
install(DIRECTORY config/topics/ DESTINATION ${NEWSWATCH_CONFIG_DIR}/topics
        FILES_MATCHING PATTERN "*.yaml" PATTERN "*.md")
# The source catalogue newswatch.yaml includes (sources/*.yaml).
install(DIRECTORY config/sources/ DESTINATION ${NEWSWATCH_CONFIG_DIR}/sources
        FILES_MATCHING PATTERN "*.yaml" PATTERN "*.md")

# The units name /usr/bin and /etc/newswatch; other prefixes get copies pointing at theirs.
foreach(unit newswatchd.service newswatch-alert.service)
  file(READ ${PROJECT_SOURCE_DIR}/deploy/${unit} _nw_unit)
  string(REPLACE "/usr/bin/" "${CMAKE_INSTALL_FULL_BINDIR}/" _nw_unit "${_nw_unit}")
  string(REPLACE "/etc/newswatch" "${NEWSWATCH_CONFIG_DIR}" _nw_unit "${_nw_unit}")
  file(CONFIGURE OUTPUT ${PROJECT_BINARY_DIR}/deploy/${unit} CONTENT "${_nw_unit}" @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/deploy/${unit} DESTINATION ${NEWSWATCH_SYSTEMD_UNIT_DIR})
endforeach()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             ${PROJECT_SOURCE_DIR}/deploy/newswatchd.service
             ${PROJECT_SOURCE_DIR}/deploy/newswatch-alert.service)

# Python subscribers: scripts, the subscriber module and the generated event schema.
install(PROGRAMS deploy/scripts/nw_minimal.py deploy/scripts/nw_tail_jsonl.py
                 deploy/scripts/nw_to_csv.py deploy/scripts/nw_to_sqlite.py
        DESTINATION ${NEWSWATCH_DATA_DIR}/scripts)
install(FILES deploy/scripts/nw_common.py DESTINATION ${NEWSWATCH_DATA_DIR}/scripts)
install(FILES subscriber/python/newswatch_subscriber.py DESTINATION ${NEWSWATCH_DATA_DIR}/python)
install(DIRECTORY ${PROJECT_BINARY_DIR}/python/newswatch DESTINATION ${NEWSWATCH_DATA_DIR}/python
        FILES_MATCHING PATTERN "*.py")

install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# ---- Debian package --------------------------------------------------------------------------
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "newswatch")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "newswatch")
set(CPACK_PACKAGE_CONTACT "newswatch maintainers <newswatch@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "streaming monitor of Chinese metaverse-industry policy news (daemon, CLI, alert router)")
set(CPACK_PACKAGE_DESCRIPTION
    "newswatchd polls news and government sources, scores articles against topic profiles,\
 extracts regions, issuers and targets, and publishes events on ZeroMQ; newswatch is the\
 command-line tool; newswatch-alert routes events to chat, webhooks and e-mail.")
set(CPACK_PACKAGING_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# Library dependencies come from dpkg-shlibdeps on the installed binaries.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "systemd")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "python3, python3-zmq, python3-protobuf")
# Everything under /etc is a conffile: upgrades keep the operator's edits.
set(_nw_conffiles "${PROJECT_BINARY_DIR}/debian/conffiles")
file(GLOB _nw_topic_files RELATIVE ${PROJECT_SOURCE_DIR}/config/topics
     ${PROJECT_SOURCE_DIR}/config/topics/*.yaml ${PROJECT_SOURCE_DIR}/config/topics/*.md)
set(_nw_conffile_lines "${NEWSWATCH_CONFIG_DIR}/newswatch.yaml\n${NEWSWATCH_CONFIG_DIR}/alert.yaml\n")
foreach(f ${_nw_topic_files})
  string(APPEND _nw_conffile_lines "${NEWSWATCH_CONFIG_DIR}/topics/${f}\n")
endforeach()
file(GLOB _nw_source_files RELATIVE ${PROJECT_SOURCE_DIR}/config/sources
     ${PROJECT_SOURCE_DIR}/config/sources/*.yaml ${PROJECT_SOURCE_DIR}/config/sources/*.md)
foreach(f ${_nw_source_files})
  string(APPEND _nw_conffile_lines "${NEWSWATCH_CONFIG_DIR}/sources/${f}\n")
endforeach()
file(WRITE ${_nw_conffiles} "${_nw_conffile_lines}")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${_nw_conffiles};${PROJECT_SOURCE_DIR}/deploy/debian/postinst;${PROJECT_SOURCE_DIR}/deploy/debian/postrm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)

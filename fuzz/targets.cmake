# libFuzzer targets, one per kind of untrusted input. Built only with -DNEWSWATCH_FUZZ=ON and
# clang; fuzz/run.sh configures build-fuzz that way (ASan + UBSan + fuzzer coverage) and runs
# each target for a bounded time through ctest (label `fuzz`). Included by fuzz/CMakeLists.txt.
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "fuzz/: libFuzzer targets need clang (CXX=clang++-14)")
endif()
enable_testing()
include_guard(GLOBAL)
set(NW_FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR})
set(NW_FUZZ_OUT ${PROJECT_BINARY_DIR}/fuzz)

set(NW_FUZZ_SECONDS 60 CACHE STRING "Seconds each fuzz target runs under ctest")
set(NW_FUZZ_SHARED_DIR "${PROJECT_SOURCE_DIR}/../shared" CACHE PATH "The shared test material")

# nw_add_fuzzer(NAME LIBS ... SEEDS dir...): an executable fuzz_NAME and a ctest fuzz_NAME that
# runs it for NW_FUZZ_SECONDS on a writable corpus seeded from SEEDS (missing dirs skipped).
function(nw_add_fuzzer name)
  cmake_parse_arguments(ARG "" "MAX_LEN" "LIBS;SEEDS" ${ARGN})
  add_executable(fuzz_${name} ${NW_FUZZ_DIR}/fuzz_${name}.cc)
  target_compile_options(fuzz_${name} PRIVATE -fsanitize=fuzzer)
  target_link_options(fuzz_${name} PRIVATE -fsanitize=fuzzer)
  target_link_libraries(fuzz_${name} PRIVATE ${ARG_LIBS})
  set(corpus ${NW_FUZZ_OUT}/corpus/${name})
  file(MAKE_DIRECTORY ${corpus})
  set(seeds ${NW_FUZZ_DIR}/seeds/${name})
  foreach(dir ${ARG_SEEDS})
    if(IS_DIRECTORY ${dir})
      list(APPEND seeds ${dir})
    endif()
  endforeach()
  if(NOT ARG_MAX_LEN)
    set(ARG_MAX_LEN 65536)
  endif()
  add_test(NAME fuzz_${name}
           COMMAND fuzz_${name} -max_total_time=${NW_FUZZ_SECONDS} -max_len=${ARG_MAX_LEN}
                   -rss_limit_mb=2048 -timeout=20 -print_final_stats=1
                   -artifact_prefix=${NW_FUZZ_OUT}/crash-${name}- ${corpus} ${seeds})
  set_tests_properties(fuzz_${name} PROPERTIES LABELS fuzz TIMEOUT 0)
endfunction()

set(shared ${NW_FUZZ_SHARED_DIR}/corpus)
nw_add_fuzzer(feed_parser LIBS nw_feed nw_text MAX_LEN 262144
              SEEDS ${shared}/feeds ${PROJECT_SOURCE_DIR}/config/demo)
nw_add_fuzzer(html_extract LIBS nw_extract nw_text MAX_LEN 262144
              SEEDS ${shared}/pages)
nw_add_fuzzer(charset LIBS nw_text
              SEEDS ${shared}/feeds/gb2312-chardet ${shared}/feeds/big5-chardet
                    ${shared}/feeds/feedparser-encoding-tests)
nw_add_fuzzer(front_matter LIBS nw_text
              SEEDS ${shared}/relevance ${PROJECT_SOURCE_DIR}/config/demo)
nw_add_fuzzer(config LIBS nw_config nw_sources
              SEEDS ${PROJECT_SOURCE_DIR}/config)
# The JSON source's path mapping (present once daemon/sources/json_path.h exists).
if(EXISTS ${PROJECT_SOURCE_DIR}/daemon/sources/json_path.h)
  nw_add_fuzzer(json_mapping LIBS nw_sources SEEDS ${shared}/relevance)
endif()

# Added for issue 17: every untrusted input that had no target.
nw_add_fuzzer(dates LIBS nw_text MAX_LEN 512)
nw_add_fuzzer(json_source LIBS nw_sources nw_config SEEDS ${shared}/relevance)
nw_add_fuzzer(html_list LIBS nw_sources nw_config MAX_LEN 262144 SEEDS ${shared}/pages)
nw_add_fuzzer(subscriber LIBS newswatch_subscriber cppzmq MAX_LEN 16384)
# The alert router's event decoding and message rendering only: the rest of nw_alert uses C++20
# that clang 14 does not compile (lambdas capturing structured bindings).
add_library(nw_alert_codec_fuzz STATIC ${PROJECT_SOURCE_DIR}/alert/event_codec.cc
                                       ${PROJECT_SOURCE_DIR}/alert/message_format.cc)
target_link_libraries(nw_alert_codec_fuzz PUBLIC newswatch_proto nw_core
                                                 nlohmann_json::nlohmann_json)
nw_add_fuzzer(alert_event LIBS nw_alert_codec_fuzz nw_text)
